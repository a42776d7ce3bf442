// Playwright helpers that drive the VS Code workbench in code-server as a person would:
// quick open, the command palette, the mouse over a squiggle. Every wait is on
// something visible in the page, with a timeout.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** User settings that keep screenshots and the demo about Loopwise, not about the workbench. */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.layoutControl.enabled': false,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.showReleaseNotes': false,
  'editor.minimap.enabled': false,
  'security.workspace.trust.startupPrompt': 'never',
  'git.enabled': false,
};

export const DARK_THEME = 'Default Dark Modern';
export const LIGHT_THEME = 'Default Light Modern';

/** Rewrites the user settings file; code-server picks the change up while running. */
export function writeUserSettings(userDataDir, settings) {
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
}

export async function waitForWorkbench(page, timeout = 60_000) {
  await page.locator('.monaco-workbench .part.editor').waitFor({ state: 'visible', timeout });
  // The status bar fills in once the extension host is up.
  await page.locator('.statusbar').waitFor({ state: 'visible', timeout });
}

/** Shows a workspace file: clicks its tab if open, else Quick Open (Ctrl+P); waits for the tab. */
export async function openFile(page, relativePath) {
  const name = relativePath.split('/').pop();
  const tab = page.locator(`.tabs-container .tab[aria-label*="${name}"]`).first();
  if ((await tab.count()) > 0) {
    await tab.click();
  } else {
    await quickOpen(page, relativePath, name);
  }
  await page.locator(`.tabs-container .tab.active[aria-label*="${name}"]`).waitFor({ state: 'visible' });
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ state: 'visible' });
}

async function quickOpen(page, relativePath, name) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input[type="text"]');
  await input.waitFor({ state: 'visible' });
  await input.fill(relativePath);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
}

/** Runs a command through the command palette (F1), by its title as the palette shows it. */
export async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input[type="text"]');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
}

/** The on-screen box of the first squiggle of `severity` in the active editor. */
export async function squiggleBox(page, severity = 'warning', timeout = 60_000) {
  const squiggle = page.locator(`.editor-instance .monaco-editor .squiggly-${severity}`).first();
  await squiggle.waitFor({ state: 'attached', timeout });
  const box = await squiggle.boundingBox();
  if (!box) throw new Error(`the ${severity} squiggle has no box on screen`);
  return box;
}

/** Moves the mouse onto a squiggle and waits for the hover that names `expected`. */
export async function hoverSquiggle(page, box, expected) {
  // Over the call's last argument, where the language's own hover has least to say.
  await page.mouse.move(box.x + box.width * 0.85, box.y + box.height / 2);
  const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: expected }).first();
  await hover.waitFor({ state: 'visible', timeout: 15_000 });
  return hover;
}
