// `npm run test:vscode`: runs the extension's mocha suite (out/test/vscode/index.js) in
// desktop VS Code through @vscode/test-electron, one scenario workspace per launch.
// It needs to download VS Code, so it runs wherever that is possible (not on the
// sandboxed machines, which use `npm run test:e2e` and code-server instead).
// Usage: node test/vscode/run-electron.mjs [scenario ...]
// Env: VSCODE_TEST_VERSION (default `stable`; e.g. `1.91.0`, the minimum engine).
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { copyWorkspace, listScenarios, parseResultLine, repoRoot, testsIndex, UNTRUSTED_SCENARIOS } from './scenarios.mjs';

const testRoot = join(repoRoot, '.vscode-test');
const baseArgs = ['--disable-extensions', '--skip-welcome', '--skip-release-notes', '--disable-updates'];

/** Passes output through and remembers the result line the index prints. */
function resultTap(target, onResult) {
  let pending = '';
  return new Writable({
    write(chunk, _encoding, callback) {
      target.write(chunk);
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const result = parseResultLine(line);
        if (result) onResult(result);
      }
      callback();
    },
  });
}

/**
 * runTests always adds --disable-workspace-trust, which the untrusted scenario must not
 * have, so that scenario launches VS Code itself with the same test arguments.
 */
function launchUntrusted(executable, folder, scenario, stdout, stderr) {
  const profile = join(testRoot, 'profiles', scenario);
  const args = [
    folder,
    ...baseArgs,
    '--no-sandbox',
    '--disable-gpu-sandbox',
    `--extensionDevelopmentPath=${repoRoot}`,
    `--extensionTestsPath=${testsIndex}`,
    `--user-data-dir=${join(profile, 'user-data')}`,
    `--extensions-dir=${join(profile, 'extensions')}`,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(executable, args, { env: { ...process.env, LOOPWISE_SCENARIO: scenario } });
    child.stdout.pipe(stdout);
    child.stderr.pipe(stderr);
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

async function main() {
  const scenarios = listScenarios(process.argv.slice(2));
  const version = process.env.VSCODE_TEST_VERSION ?? 'stable';
  const executable = await downloadAndUnzipVSCode({ version, cachePath: testRoot });
  const totals = { passed: 0, failed: 0 };
  for (const scenario of scenarios) {
    const folder = copyWorkspace(scenario, join(testRoot, 'workspaces'));
    mkdirSync(join(testRoot, 'profiles', scenario), { recursive: true });
    let counts;
    const stdout = resultTap(process.stdout, (result) => (counts = result));
    let exitCode = 0;
    try {
      if (UNTRUSTED_SCENARIOS.has(scenario)) {
        exitCode = await launchUntrusted(executable, folder, scenario, stdout, process.stderr);
      } else {
        await runTests({
          vscodeExecutablePath: executable,
          extensionDevelopmentPath: repoRoot,
          extensionTestsPath: testsIndex,
          launchArgs: [folder, ...baseArgs],
          extensionTestsEnv: { LOOPWISE_SCENARIO: scenario },
          stdout,
        });
      }
    } catch (error) {
      exitCode = 1;
      console.error(`${scenario}: ${error instanceof Error ? error.message : error}`);
    }
    if (!counts) counts = { passed: 0, failed: 1 };
    else if (exitCode !== 0 && counts.failed === 0) counts.failed = 1;
    console.log(`${scenario}: ${counts.passed} passed, ${counts.failed} failed (VS Code ${version})`);
    totals.passed += counts.passed;
    totals.failed += counts.failed;
  }
  console.log(`${totals.passed} passed, ${totals.failed} failed`);
  process.exitCode = totals.failed > 0 || totals.passed === 0 ? 1 : 0;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  console.log('0 passed, 1 failed');
  process.exitCode = 1;
});
