// `npm run screenshots`: installs the packaged Loopwise into code-server, opens the demo
// workspace in Debian's Chromium and saves what a person sees as PNGs in docs/images/:
// the Problems panel filled in workspace mode before any file is opened, a squiggle's
// hover with the message and its detail, the language-status item, the quick-fix menu,
// and the profile panel: a finished profile in a dark and a light theme, an inconclusive
// one (profiled while busy loops hold every core), two profiles side by side, and a
// cancelled one. Each shot first waits for, and checks, what it must show, so a broken
// screen fails the script instead of producing a pretty lie.
// Usage: node scripts/screenshots.mjs [--vsix FILE] [--out DIR] [--only NAME,...]
// The shots build on each other (the profiles are the session's history), so --only
// still drives every step up to the last shot it names, and saves only those.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { installVsix, startCodeServer } from '../test/e2e/code-server.mjs';
import { cacheDir, ensureToolchain, repoRoot } from '../test/e2e/install.mjs';
import { SCREEN_STEPS } from '../test/e2e/screen-steps.mjs';
import { DARK_THEME, QUIET_SETTINGS, hoverSquiggle, openFile, runCommand, squiggleBox, waitForWorkbench } from '../test/e2e/workbench.mjs';

const { values: options } = parseArgs({
  options: {
    vsix: { type: 'string' },
    out: { type: 'string', default: join(repoRoot, 'docs', 'images') },
    only: { type: 'string' },
  },
});
const SHOTS = ['problems-workspace', 'editor-hover', 'status-item', 'problems-panel', 'quick-fix-menu', 'profile-dark', 'profile-light', 'profile-inconclusive', 'profile-compare', 'profile-cancelled'];
const only = options.only ? new Set(options.only.split(',')) : undefined;
for (const name of only ?? []) if (!SHOTS.includes(name)) throw new Error(`no shot named "${name}"; the shots: ${SHOTS.join(', ')}`);
const outDir = resolve(options.out);
/** Thrown once every shot asked for with --only is saved: the later steps are not needed. */
class AllSaved extends Error {}
const saved = new Set();

function packageVsix() {
  if (options.vsix) return resolve(options.vsix);
  const result = spawnSync('npm', ['run', 'package'], { cwd: repoRoot, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) throw new Error('`npm run package` failed; see above.');
  return join(repoRoot, 'loopwise.vsix');
}

function contributesCommand(id) {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  return (manifest.contributes?.commands ?? []).some((c) => c.command === id);
}

async function shot(page, name, prepare) {
  const started = Date.now();
  await prepare();
  if (!only || only.has(name)) {
    const file = join(outDir, `${name}.png`);
    await page.screenshot({ path: file });
    console.log(`saved ${file} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    saved.add(name);
  }
  if (only && [...only].every((n) => saved.has(n))) throw new AllSaved();
}

/** Waits until `locator` is off screen; the error names `what`. */
async function gone(locator, what, timeout = 60_000) {
  try {
    await locator.first().waitFor({ state: 'hidden', timeout });
  } catch {
    throw new Error(`${what} is still on screen after ${timeout / 1000} s`);
  }
}

/**
 * Busy loops on every core, as other work on a loaded machine would be; returns the
 * function that stops them. The profiler is not told: it must see the load itself.
 */
function loadEveryCore() {
  const loops = Array.from({ length: availableParallelism() }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
  const stop = () => {
    for (const loop of loops) if (loop.exitCode === null && loop.signalCode === null) loop.kill('SIGKILL');
  };
  process.once('exit', stop);
  return stop;
}

async function main() {
  const toolchain = ensureToolchain();
  const vsix = packageVsix();
  if (!existsSync(vsix)) throw new Error(`${vsix} does not exist`);
  const runDir = join(cacheDir, 'screenshots');
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  const userDataDir = join(runDir, 'user-data');
  installVsix(toolchain, vsix, join(runDir, 'extensions'), userDataDir);
  // The real demo folder, not a copy: nothing here edits a file, and the profile panel
  // shows the path, which should be the one a reader finds in the repo.
  const workspace = join(repoRoot, 'test-fixtures', 'workspaces', 'demo');
  mkdirSync(outDir, { recursive: true });

  // Workspace mode set as a user would set it, so the status item names the setting; no
  // port forwarding, whose badge would count other processes' ports on this machine.
  const userSettings = { ...QUIET_SETTINGS, 'workbench.colorTheme': DARK_THEME, 'loopwise.diagnosticMode': 'workspace', 'remote.autoForwardPorts': false };
  const server = await startCodeServer({ toolchain, runDir, trusted: true, folder: workspace, userSettings });
  const browser = await chromium.launch({ executablePath: toolchain.chromium, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
    await waitForWorkbench(page);
    const rows = page.locator('.markers-panel .monaco-list-row');

    await shot(page, 'problems-workspace', async () => {
      // Nothing opened yet: workspace mode fills the Problems panel from files no editor shows.
      await page.keyboard.press('Control+Shift+M');
      await rows.first().waitFor({ state: 'visible', timeout: 120_000 });
      // Collapse the files, so the panel shows every file and its count.
      await page.locator('.part.panel .codicon-collapse-all').first().click();
      for (const file of ['crunch.py', 'crawler.py', 'ledger.py', 'server.ts', 'tally-worker.ts']) {
        await rows.filter({ hasText: file }).first().waitFor({ state: 'visible', timeout: 120_000 });
      }
      const open = await page.locator('.tabs-container .tab').count();
      if (open !== 0) throw new Error(`${open} editor tab(s) are open: the shot must show problems of files nobody opened`);
      // The pass shows its progress with a Cancel button; once done, the notification goes.
      await gone(page.locator('.notification-toast', { hasText: 'Loopwise: analysing the workspace' }), 'the workspace pass\'s progress notification');
    });
    await page.keyboard.press('Control+Shift+M'); // hide the panel

    await openFile(page, 'src/server.ts');
    let box = await squiggleBox(page, 'warning');

    await shot(page, 'editor-hover', async () => {
      // The message is one short line; the why and the fix are the first related information.
      await gone(page.locator('.statusbar-item', { hasText: 'Initializing' }), 'TypeScript\'s "Initializing" status', 120_000).catch((e) => console.log(`note: ${e.message}`));
      const hover = await hoverSquiggle(page, box, 'blocks the event loop');
      await hover.filter({ hasText: 'holds up every other request' }).waitFor({ state: 'visible' });
      await hover.locator('.action', { hasText: 'Quick Fix' }).waitFor({ state: 'visible', timeout: 30_000 });
    });

    await shot(page, 'status-item', async () => {
      await page.mouse.move(5, 5);
      await page.keyboard.press('Escape');
      // The language-status item sits in the {} entry beside the language mode.
      await page.locator('.statusbar-item[id="status.languageStatus"]').click();
      const item = page.locator('.monaco-hover', { hasText: 'Loopwise: idle' }).first();
      await item.waitFor({ state: 'visible', timeout: 30_000 });
      await item.filter({ hasText: 'workspace mode' }).waitFor({ state: 'visible' });
      // Its link must fit beside it, not be pushed out of the hover by a long line.
      const link = item.locator('.hover-language-status', { hasText: 'Loopwise' }).locator('.right .monaco-link', { hasText: 'Actions…' });
      await link.waitFor({ state: 'visible' });
      const [linkBox, hoverBox] = [await link.boundingBox(), await item.boundingBox()];
      if (!linkBox || !hoverBox || linkBox.x + linkBox.width > hoverBox.x + hoverBox.width) throw new Error('the Loopwise item\'s Actions… link does not fit in the status hover');
      await page.waitForTimeout(500); // the hover fades in
    });

    await shot(page, 'problems-panel', async () => {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+Shift+M');
      // Room for every file's problems and their messages.
      await runCommand(page, 'View: Toggle Maximized Panel');
      await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
      await page.locator('.part.sidebar').waitFor({ state: 'hidden' });
      // Expand the files again, the last first, so each file's row stays where it was.
      for (const file of ['tally-worker.ts', 'server.ts', 'ledger.py', 'crawler.py', 'crunch.py']) {
        const row = rows.filter({ hasText: file }).first();
        if ((await row.getAttribute('aria-expanded')) === 'false') await row.click();
      }
      await rows.filter({ hasText: 'cannot pickle a lambda' }).first().waitFor({ state: 'visible' });
      await rows.filter({ hasText: 'blocks the event loop' }).first().waitFor({ state: 'visible' });
      await rows.filter({ hasText: "'fs.readFileSync' blocks the event loop" }).first().waitFor({ state: 'attached' });
    });

    await shot(page, 'quick-fix-menu', async () => {
      await runCommand(page, 'View: Toggle Maximized Panel');
      await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
      await page.keyboard.press('Control+Shift+M'); // hide the panel again
      await openFile(page, 'src/server.ts');
      box = await squiggleBox(page, 'warning');
      await page.mouse.click(box.x + 4, box.y + box.height / 2);
      await page.keyboard.press('Control+.');
      const menu = page.locator('.action-widget');
      await menu.filter({ hasText: 'fs.promises.readFile' }).waitFor({ state: 'visible' });
      await menu.filter({ hasText: 'Show documentation for blocking-call-in-async' }).waitFor({ state: 'visible' });
      await menu.filter({ hasText: 'Fix all Loopwise problems in this file' }).waitFor({ state: 'visible' });
    });
    await page.keyboard.press('Escape');

    if (contributesCommand('loopwise.profileSelection')) {
      await profileShots(page);
    } else {
      console.log('skipped the profile webview: package.json has no loopwise.profileSelection command yet');
    }
  } catch (error) {
    if (error instanceof AllSaved) return;
    const failure = join(runDir, 'failure.png');
    for (const page of browser.contexts().flatMap((c) => c.pages())) await page.screenshot({ path: failure }).catch(() => {});
    console.error(`the screen at the failure: ${failure}`);
    throw error;
  } finally {
    await browser.close().catch(() => {});
    await server.stop();
  }
}

/**
 * A shared machine is often too busy for a conclusive profile: so many tries, this far
 * apart, for one (each try of countPrimes takes some 5 to 20 s).
 */
const QUIET_ATTEMPTS = 25;
const QUIET_PAUSE_MS = 5_000;

async function profileShots(page) {
  const webview = page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');
  const verdict = webview.locator('.card.verdict');
  const heading = verdict.locator('.verdict-head h2');
  // Fail at once, with VS Code's own words, when the command reports an error instead.
  const error = page.locator('.monaco-dialog-box, .notification-toast:has(.codicon-error)').first();
  const failed = webview.locator('.card.warning.mismatch', { hasText: 'Profile failed' });
  const waitForVerdict = () => Promise.race([
    verdict.waitFor({ state: 'visible', timeout: 300_000 }),
    error.waitFor({ state: 'visible', timeout: 300_000 }).then(async () => {
      throw new Error(`Profile Selection failed on screen: ${(await error.innerText()).replace(/\s+/g, ' ')}`);
    }),
    failed.waitFor({ state: 'visible', timeout: 300_000 }).then(async () => {
      throw new Error(`the panel says: ${(await failed.innerText()).replace(/\s+/g, ' ')}`);
    }),
  ]);
  /** What the shown verdict says: its class and its heading. */
  const reading = async () => ({
    classes: (await verdict.getAttribute('class')) ?? '',
    said: (await heading.innerText()).trim(),
  });
  /** Run again, as a person would, and wait for the new run's verdict. */
  const runAgain = async () => {
    // The header names when the run started; a new run shows a new time and no spinner.
    const before = await webview.locator('header .note').innerText();
    await webview.getByText('Run again', { exact: true }).click();
    await webview.locator('header .note', { hasNotText: before }).waitFor({ state: 'visible', timeout: 60_000 });
    await webview.locator('.running').waitFor({ state: 'detached', timeout: 300_000 });
    await waitForVerdict();
  };
  const settle = async () => {
    // Charts draw after the card; wait until every chart's canvas is on screen.
    for (const canvas of await webview.locator('canvas').all()) await canvas.waitFor({ state: 'visible' });
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  };

  await openFile(page, 'src/pricing.ts');
  // Put the cursor inside countPrimes, as a person would before running the command.
  const line = page.locator('.editor-instance .view-line', { hasText: 'export function countPrimes' }).first();
  await line.click();
  await runCommand(page, 'Loopwise: Profile Selection');
  // countPrimes is CPU-bound, but on a machine that other processes keep busy the
  // profiler says so ("inconclusive: the machine was busy"); like a person, run it
  // again (a few times, a little later) for the picture of a conclusive verdict.
  // Only the finished-profile shots need that verdict: without them (--only), the first
  // profile is the earlier one in the comparison, whatever it says.
  const conclusiveNeeded = !only || only.has('profile-dark') || only.has('profile-light');
  for (let attempt = 1; ; attempt++) {
    await waitForVerdict();
    const { classes, said } = await reading();
    if (!conclusiveNeeded || (classes.includes('verdict-cpu-bound') && said.startsWith('Use:'))) break;
    if (attempt === QUIET_ATTEMPTS) throw new Error(`the profile of countPrimes said "${said}" (${classes}) ${attempt} times, not a CPU-bound verdict: is the machine busy?`);
    console.log(`profile attempt ${attempt} said "${said}" (${classes}), not a CPU-bound verdict (a busy machine?); running it again in ${QUIET_PAUSE_MS / 1000} s`);
    await page.waitForTimeout(QUIET_PAUSE_MS);
    await runAgain();
  }
  // Give the panel the whole window, as a person reading it would.
  await page.locator('.tab', { hasText: 'Profile: countPrimes' }).click();
  await runCommand(page, 'View: Close Editors in Other Groups');
  await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
  await page.locator('.part.sidebar').waitFor({ state: 'hidden' });
  await page.setViewportSize({ width: 1280, height: 1400 });
  await settle();

  // When this profile started, as its header and the history picker show it: the
  // comparison below picks it by that time.
  const quietLabel = (await webview.locator('header .note').innerText()).split(', ').pop().trim();
  await shot(page, 'profile-dark', async () => {});
  await shot(page, 'profile-light', async () => {
    // As a person would: the command switches to the preferred light theme (Light Modern).
    await runCommand(page, 'Preferences: Toggle between Light/Dark Themes');
    await page.locator('.monaco-workbench.vs').waitFor({ state: 'attached', timeout: 30_000 });
    // The webview's body carries the theme kind; its charts redraw on that change.
    await webview.locator('body.vscode-light').waitFor({ state: 'attached', timeout: 30_000 });
    await settle();
  });
  // Back to the first dark theme, picked by name: toggling again would pick the preferred
  // dark theme, which need not be the one the shots so far were taken in.
  // Not runCommand: the palette stays open, as the theme picker.
  const input = page.locator('.quick-input-widget input[type="text"]');
  await page.keyboard.press('F1');
  await input.waitFor({ state: 'visible' });
  await input.fill('>Preferences: Color Theme');
  // That label exactly: "Preferences: Browse Color Themes in Marketplace" matches too.
  const exact = (label) => page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) }).first();
  await exact('Preferences: Color Theme').click();
  const darkName = DARK_THEME.replace(/^Default /, '');
  await exact('Light Modern').waitFor({ state: 'visible' });
  await exact(darkName).click();
  await input.waitFor({ state: 'hidden' });
  await page.locator('.monaco-workbench.vs-dark').waitFor({ state: 'attached', timeout: 30_000 });
  await webview.locator('body.vscode-dark').waitFor({ state: 'attached', timeout: 30_000 });

  await shot(page, 'profile-inconclusive', async () => {
    // The same profile on a loaded machine: busy loops on every core while it runs.
    for (let attempt = 1; ; attempt++) {
      const stopLoad = loadEveryCore();
      try {
        await runAgain();
      } finally {
        stopLoad();
      }
      const { said } = await reading();
      if (said.startsWith('inconclusive')) break;
      if (attempt === 3) throw new Error(`with busy loops on every core, the profile of countPrimes still said "${said}" ${attempt} times`);
      console.log(`profile under load, attempt ${attempt}, said "${said}"; running it again`);
    }
    await verdict.filter({ hasText: 'Run the profile again' }).waitFor({ state: 'visible' });
    await page.mouse.move(640, 5); // off the Run again button, which shows its hover colour
    await settle();
  });

  await shot(page, 'profile-compare', async () => {
    // The panel's own history: pick the first profile, without the busy loops, to compare the loaded one with.
    await page.setViewportSize({ width: 1280, height: 760 });
    const picker = webview.locator('vscode-single-select#compare-with');
    await picker.click();
    // The list opens in the element's shadow root, as in test/e2e/screen-steps.mjs.
    await webview.locator('vscode-single-select#compare-with [role="option"]', { hasText: quietLabel }).first().click();
    const card = webview.locator('.card.compare');
    await card.waitFor({ state: 'visible' });
    const columns = await Promise.all((await card.locator('.compare-col').all()).map((c) => c.innerText()));
    if (columns.length !== 2 || !columns[0].includes('inconclusive') || (conclusiveNeeded && !columns[1].includes('Use: worker pool')) || !columns[1].includes(quietLabel)) {
      throw new Error(`the comparison's columns are not the loaded and then the earlier profile (${quietLabel}): ${JSON.stringify(columns)}`);
    }
    // The change reads from the earlier (right) profile to the later (left, loaded) one.
    const [, later, earlier, change] = (await card.locator('tbody tr', { hasText: 'sequential' }).first().innerText()).split(/\s+/);
    const expected = Number(later) > Number(earlier) ? '+' : '−';
    if (!change?.startsWith(expected)) throw new Error(`sequential ${earlier} ms then ${later} ms, yet the change says ${change}`);
    await page.mouse.move(640, 5);
  });

  await shot(page, 'profile-cancelled', async () => {
    await SCREEN_STEPS['profile.closeCompare'](page);
    await webview.getByText('Run again', { exact: true }).click();
    await webview.locator('.running vscode-button', { hasText: 'Cancel' }).click({ timeout: 60_000 });
    await webview.locator('.card.cancelled', { hasText: 'Cancelled' }).waitFor({ state: 'visible', timeout: 60_000 });
    if ((await webview.locator('vscode-button', { hasText: /Export/ }).count()) !== 0) throw new Error('a cancelled profile still offers Export');
    await webview.locator('#history').waitFor({ state: 'visible' });
    // Cancelled in the panel, the progress notification (with its own Cancel) goes too.
    await gone(page.locator('.notification-toast', { hasText: 'Loopwise: profiling' }), 'the profile\'s progress notification after Cancel');
    await page.mouse.move(640, 5);
  });
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack ?? error.message : error);
  process.exitCode = 1;
});
