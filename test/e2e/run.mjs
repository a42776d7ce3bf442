// `npm run test:e2e`: runs the extension's mocha suite (out/test/vscode/index.js, the
// same one `npm run test:vscode` gives to @vscode/test-electron) inside code-server's
// extension host, one scenario workspace at a time, driven by playwright-core and
// Debian's Chromium. Usage: node test/e2e/run.mjs [--vsix FILE] [scenario ...]
// With --vsix, Loopwise is installed from the package instead of loaded from the repo,
// which also proves the .vsix holds everything the features need.
// Closes with the line `N passed, N failed`; exits 1 if any test failed or a scenario
// could not run.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { installVsix, remoteUri, startCodeServer } from './code-server.mjs';
import { cacheDir, ensureToolchain } from './install.mjs';
import { QUIET_SETTINGS, runCommand } from './workbench.mjs';
import { screenStepRunner } from './screen-steps.mjs';
import { copyWorkspace, listScenarios, parseResultLine, repoRoot, testsIndex, UNTRUSTED_SCENARIOS } from '../vscode/scenarios.mjs';

/** The index prefixes mocha's report with this, to tell it apart from the workbench log. */
const LOG_PREFIX = '[loopwise-test] ';
const hostExtension = join(repoRoot, 'test', 'e2e', 'host-extension');

/**
 * Checks of the screen after a scenario's suite has run, for what only the page shows.
 * Each is one more test in the count.
 */
const SCREEN_CHECKS = {
  untrusted: {
    name: 'the refusal of Profile Selection is on screen and names Workspace Trust',
    async run(page) {
      // Toasts hide once the test host exits; the notification centre keeps them.
      await runCommand(page, 'Notifications: Show Notifications');
      const row = page.locator('.notifications-center .monaco-list-row', { hasText: /Profile Selection/ }).first();
      await row.waitFor({ state: 'visible', timeout: 10_000 });
      const text = (await row.innerText()).replace(/\s+/g, ' ');
      if (!/trusted workspace/i.test(text)) throw new Error(`the notification says: ${text}`);
    },
  },
};
/**
 * A scenario that does not report within this time counts as one failure. The profile
 * scenario runs three profiles; on a loaded 2-core machine that took up to 200 s.
 */
const SCENARIO_TIMEOUT_MS = 300_000;

/** Opens one scenario in a new page and resolves with its mocha counts. */
async function runScenario(browser, server, scenario, fromVsix) {
  const folder = copyWorkspace(scenario, join(cacheDir, 'workspaces'));
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const lines = [];
  const allLines = [];
  let counts;
  let settle;
  const exited = new Promise((resolve) => (settle = resolve));
  // Steps on the screen the suite asks for mid-test (test/e2e/screen-steps.mjs).
  const screenDir = join(cacheDir, 'screen', scenario);
  rmSync(screenDir, { recursive: true, force: true });
  mkdirSync(screenDir, { recursive: true });
  const screenStep = screenStepRunner(page, screenDir, (step) => page.screenshot({ path: join(cacheDir, `failure-${scenario}-${step}.png`) }).catch(() => {}));

  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const text = Array.isArray(args) ? args.join(' ') : String(args);
    allLines.push(`[${type}] ${text}`);
    for (const line of text.split('\n')) {
      const result = parseResultLine(line);
      if (result) counts = result;
      else if (screenStep(line)) continue;
      else if (line.startsWith(LOG_PREFIX)) lines.push(line.slice(LOG_PREFIX.length));
      else if (/loopwise/i.test(line) && /error|fail|cannot/i.test(line)) lines.push(`[${type}] ${line}`);
    }
  });
  await page.exposeFunction('codeAutomationExit', (code) => settle(Number(code)));

  const payload = [
    // From a .vsix, the installed extension is the one under test; the workbench still
    // needs a development extension to run tests, so an empty one stands in.
    ['extensionDevelopmentPath', remoteUri(server.port, fromVsix ? hostExtension : repoRoot)],
    ['extensionTestsPath', remoteUri(server.port, testsIndex)],
    ['extensionEnvironment', JSON.stringify({ LOOPWISE_SCENARIO: scenario, LOOPWISE_LOG_PREFIX: LOG_PREFIX, LOOPWISE_SCREEN_DIR: screenDir })],
  ];
  const url = `${server.url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const started = Date.now();
  let timer;
  const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), SCENARIO_TIMEOUT_MS)));
  try {
    // The page can take long to load on a loaded machine; the scenario timeout still applies.
    await page.goto(url, { timeout: 120_000 });
    const code = await Promise.race([exited, timeout]);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (lines.length > 0) console.log(lines.join('\n'));
    if (code === 'timeout') {
      await page.screenshot({ path: join(cacheDir, `failure-${scenario}.png`) }).catch(() => {});
      console.log(`✗ ${scenario}: no result within ${SCENARIO_TIMEOUT_MS / 1000} s (screenshot in .cache/e2e/failure-${scenario}.png)`);
      return { passed: counts?.passed ?? 0, failed: Math.max(1, counts?.failed ?? 0) };
    }
    if (!counts) {
      console.log(`✗ ${scenario}: the extension host exited with ${code} without a result line (${seconds} s)`);
      return { passed: 0, failed: 1 };
    }
    const result = { passed: counts.passed, failed: counts.failed === 0 && code !== 0 ? 1 : counts.failed };
    const check = SCREEN_CHECKS[scenario];
    if (check) {
      try {
        await check.run(page);
        console.log(`    ✔ on screen: ${check.name}`);
        result.passed += 1;
      } catch (error) {
        await page.screenshot({ path: join(cacheDir, `failure-${scenario}.png`) }).catch(() => {});
        console.log(`    ✗ on screen: ${check.name}: ${error instanceof Error ? error.message : error}`);
        result.failed += 1;
      }
    }
    console.log(`${result.failed === 0 ? '✓' : '✗'} ${scenario}: ${result.passed} passed, ${result.failed} failed in ${seconds} s`);
    return result;
  } finally {
    mkdirSync(join(cacheDir, 'logs'), { recursive: true });
    writeFileSync(join(cacheDir, 'logs', `${scenario}.log`), allLines.join('\n') + '\n');
    clearTimeout(timer);
    await context.close().catch(() => {});
  }
}

async function main() {
  const { values, positionals: requested } = parseArgs({ options: { vsix: { type: 'string' } }, allowPositionals: true });
  const vsix = values.vsix && resolve(values.vsix);
  if (vsix && !existsSync(vsix)) throw new Error(`${vsix} does not exist: run \`npm run package\` first.`);
  const started = Date.now();
  const toolchain = ensureToolchain();
  if (!existsSync(join(repoRoot, 'dist', 'client.js'))) console.log('note: dist/client.js is missing, so the extension cannot activate; run `npm run build`.');
  const scenarios = listScenarios(requested);
  console.log(`e2e: ${scenarios.length} scenario(s) in code-server under Node ${toolchain.nodeVersion}, Loopwise from ${vsix ?? 'the repo'}: ${scenarios.join(', ')}`);

  const browser = await chromium.launch({ executablePath: toolchain.chromium, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  const servers = new Map();
  const totals = { passed: 0, failed: 0 };
  const cleanup = async () => {
    await browser.close().catch(() => {});
    await Promise.all([...servers.values()].map((s) => s.stop()));
  };
  process.once('SIGINT', () => cleanup().then(() => process.exit(130)));
  process.once('SIGTERM', () => cleanup().then(() => process.exit(143)));
  try {
    for (const scenario of scenarios) {
      const trusted = !UNTRUSTED_SCENARIOS.has(scenario);
      const key = trusted ? 'trusted' : 'untrusted';
      if (!servers.has(key)) {
        const runDir = join(cacheDir, `run-${key}`);
        rmSync(runDir, { recursive: true, force: true });
        mkdirSync(runDir, { recursive: true });
        if (vsix) installVsix(toolchain, vsix, join(runDir, 'extensions'), join(runDir, 'user-data'));
        servers.set(key, await startCodeServer({
          toolchain,
          runDir,
          trusted,
          smokeTestDriver: true,
          // Keep the tests on Loopwise alone: no welcome page, no AI features, no other noise.
          userSettings: QUIET_SETTINGS,
        }));
      }
      try {
        const result = await runScenario(browser, servers.get(key), scenario, Boolean(vsix));
        totals.passed += result.passed;
        totals.failed += result.failed;
      } catch (error) {
        console.log(`✗ ${scenario}: ${error instanceof Error ? error.message : error}`);
        totals.failed += 1;
      }
    }
  } finally {
    await cleanup();
  }
  writeFileSync(join(cacheDir, 'last-result.json'), `${JSON.stringify(totals)}\n`);
  console.log(`e2e took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`${totals.passed} passed, ${totals.failed} failed`);
  process.exitCode = totals.failed > 0 || totals.passed === 0 ? 1 : 0;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  console.log('0 passed, 1 failed');
  process.exitCode = 1;
});
