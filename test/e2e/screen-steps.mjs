// Steps on the screen that a suite running in the extension host asks the e2e driver for,
// in the middle of a test: what a person does with the mouse and keyboard in the
// workbench (pick an item in a webview, accept the save dialog, press a notification's
// button), which the `vscode` API cannot do. Each step waits for what it must see, and
// resolves with what it saw, for the test to check; it throws when the screen is wrong.
// The test side is `onScreen` in test/vscode/helpers.ts.
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from './workbench.mjs';

export const SCREEN_STEP_PREFIX = 'LOOPWISE_SCREEN_STEP ';

/** The profile panel's content: the webview's outer frame, then its active inner frame. */
function profileWebview(page) {
  return page.frameLocator('iframe.webview[title*="Profile"], iframe.webview').first().frameLocator('iframe#active-frame');
}

const text = async (locator) => (await locator.innerText()).replace(/\s+/g, ' ').trim();

/**
 * The notification whose text matches, where a person finds it: its toast, or, when the
 * workbench shows no toast (as while an extension test runs), its row in the notification
 * centre, opened with the bell's command. Both have the same message and buttons.
 */
async function notification(page, match, timeout = 30_000) {
  const toast = page.locator('.notification-toast', { hasText: match }).first();
  if (await toast.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false)) return toast;
  const centre = page.locator('.notifications-center');
  if (!(await centre.isVisible())) await runCommand(page, 'Notifications: Show Notifications');
  const row = centre.locator('.monaco-list-row', { hasText: match }).first();
  await row.waitFor({ state: 'visible', timeout });
  return row;
}

/** `locator.waitFor`, with what it waited for in the error. */
async function visible(locator, what, timeout = 30_000) {
  try {
    await locator.waitFor({ state: 'visible', timeout });
  } catch {
    throw new Error(`no ${what} on screen after ${timeout / 1000} s`);
  }
}

export const SCREEN_STEPS = {
  /** Picks the other finished profile in the panel's "Compare with" list; reports the side-by-side view. */
  async 'profile.compare'(page) {
    const webview = profileWebview(page);
    const picker = webview.locator('vscode-single-select#compare-with');
    await visible(picker, 'Compare with list in the profile panel');
    await picker.click();
    // The list opens in the element's shadow root; its first entry is the placeholder.
    const option = webview.locator('vscode-single-select#compare-with .option, vscode-single-select#compare-with li[role="option"], vscode-single-select#compare-with [role="option"]').nth(1);
    await visible(option, 'profile to pick in the Compare with list', 10_000);
    await option.click();
    const card = webview.locator('.card.compare');
    await visible(card, 'side-by-side card');
    const columns = await card.locator('.compare-col').all();
    return {
      heading: await text(card.locator('.compare-head h2')),
      columns: await Promise.all(columns.map((c) => text(c))),
      rows: await Promise.all((await card.locator('tbody tr').all()).map((r) => text(r))),
      header: await Promise.all((await card.locator('thead th').all()).map((h) => text(h))),
    };
  },

  /** Presses "Close comparison"; reports that the single profile's verdict is back. */
  async 'profile.closeCompare'(page) {
    const webview = profileWebview(page);
    await webview.locator('vscode-button', { hasText: 'Close comparison' }).click();
    await visible(webview.locator('.card.verdict'), 'verdict card after closing the comparison');
    return { compare: await webview.locator('.card.compare').count(), verdict: await text(webview.locator('.card.verdict .verdict-head')) };
  },

  /**
   * Presses an Export button in the panel, reads the path the save dialog proposes,
   * accepts it, then presses `button` ("Open" or "Reveal") on the notification that
   * says where the file went (the one whose text holds `match`).
   */
  async 'profile.export'(page, { label, button, match }) {
    // An earlier Open may have put the saved file in front of the panel: bring the panel back.
    await page.locator('.tabs-container .tab', { hasText: 'Profile:' }).first().click();
    const webview = profileWebview(page);
    await webview.locator('vscode-button', { hasText: label }).first().click();
    // code-server has no native dialog: VS Code's own save dialog is a quick input holding the path.
    const input = page.locator('.quick-input-widget input[type="text"]');
    await visible(input, 'save dialog');
    const title = await text(page.locator('.quick-input-widget .quick-input-title'));
    // The dialog fills the path in steps (the folder, then the file name): wait for the whole of it.
    let proposed = '';
    for (const deadline = Date.now() + 15_000; !/\.json$/.test(proposed); await page.waitForTimeout(100)) {
      proposed = await input.inputValue();
      if (Date.now() > deadline) throw new Error(`the save dialog proposes "${proposed}", not a .json file`);
    }
    // OK, as a person would: Enter would open the folder entry the list has selected.
    await page.locator('.quick-input-widget .monaco-button', { hasText: /^OK$/ }).click();
    await input.waitFor({ state: 'hidden', timeout: 30_000 });
    const toast = await notification(page, match);
    const message = await text(toast.locator('.notification-list-item-message'));
    const buttons = await Promise.all((await toast.locator('.notification-list-item-buttons-container .monaco-button').all()).map((b) => text(b)));
    await toast.locator('.notification-list-item-buttons-container .monaco-button', { hasText: button }).click();
    return { title, proposed, message, buttons };
  },

  /** Reports the toast whose text matches `match` (a string), and its buttons. */
  async 'notification.read'(page, { match }) {
    const toast = await notification(page, match);
    return {
      message: await text(toast.locator('.notification-list-item-message')),
      buttons: await Promise.all((await toast.locator('.notification-list-item-buttons-container .monaco-button').all()).map((b) => text(b))),
    };
  },
};

/**
 * Runs the step a log line asks for, one at a time, and writes its answer where the test
 * waits for it (written whole, then renamed, so the test never reads half a file).
 */
export function screenStepRunner(page, dir, onFailure) {
  let queue = Promise.resolve();
  const seen = new Set();
  return (line) => {
    const at = line.indexOf(SCREEN_STEP_PREFIX);
    if (at < 0) return false;
    let request;
    try {
      request = JSON.parse(line.slice(at + SCREEN_STEP_PREFIX.length));
    } catch {
      return false;
    }
    // The workbench may hand the same console line over twice; act once.
    if (seen.has(request.id)) return true;
    seen.add(request.id);
    queue = queue.then(async () => {
      let answer;
      try {
        const step = SCREEN_STEPS[request.step];
        if (!step) throw new Error(`no screen step named "${request.step}"`);
        answer = { ok: true, seen: await step(page, request.args ?? {}) };
      } catch (error) {
        answer = { ok: false, error: error instanceof Error ? error.message.split('\n')[0] : String(error) };
        await onFailure?.(request.step);
      }
      const file = join(dir, `${request.id}.json`);
      writeFileSync(`${file}.tmp`, JSON.stringify(answer));
      renameSync(`${file}.tmp`, file);
    });
    return true;
  };
}
