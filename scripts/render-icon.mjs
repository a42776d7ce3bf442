// Renders images/icon.svg to the extension icon images/icon.png (128×128) with
// Debian's Chromium, the browser the e2e suite already uses: no image library needed.
// Usage: node scripts/render-icon.mjs
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ensureToolchain, repoRoot } from '../test/e2e/install.mjs';

const svg = readFileSync(join(repoRoot, 'images', 'icon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: ensureToolchain().chromium, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
try {
  const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: join(repoRoot, 'images', 'icon.png'), omitBackground: true });
  console.log('saved images/icon.png');
} finally {
  await browser.close();
}
