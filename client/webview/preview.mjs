// Renders the profile panel outside VS Code, in headless Chromium, with the real bundle
// (dist/profile-webview.js), the real CSP shell, and a stand-in for VS Code's theme
// variables, then saves a screenshot per theme. It checks the look, not VS Code: the
// end-to-end screenshot in code-server is separate.
//   node client/webview/preview.mjs RESULT.json OUT_DIR [dark,light,hc]
// RESULT.json is a ProfileResult as runProfile returns it (the panel's "Export JSON" writes
// one), or a ProfileFailure to preview the error state.
import { createServer } from 'node:http';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

const THEMES = {
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      '--vscode-foreground': '#cccccc', '--vscode-editor-background': '#1f1f1f', '--vscode-sideBar-background': '#181818',
      '--vscode-descriptionForeground': '#9d9d9d', '--vscode-widget-border': '#313131', '--vscode-charts-foreground': '#cccccc',
      '--vscode-charts-lines': 'rgba(204,204,204,0.3)', '--vscode-charts-blue': '#3794ff', '--vscode-charts-orange': '#d18616',
      '--vscode-charts-green': '#89d185', '--vscode-charts-purple': '#b180d7', '--vscode-charts-yellow': '#cca700', '--vscode-charts-red': '#f14c4c',
      '--vscode-badge-background': '#616161', '--vscode-badge-foreground': '#f8f8f8', '--vscode-textCodeBlock-background': '#2b2b2b',
      '--vscode-editorWarning-foreground': '#cca700', '--vscode-editorError-foreground': '#f14c4c', '--vscode-errorForeground': '#f85149',
      '--vscode-inputValidation-errorBackground': '#5a1d1d', '--vscode-list-inactiveSelectionBackground': '#37373d',
      '--vscode-button-background': '#0078d4', '--vscode-button-foreground': '#ffffff', '--vscode-button-secondaryBackground': '#313131',
      '--vscode-button-secondaryForeground': '#cccccc', '--vscode-testing-iconPassed': '#73c991',
      '--vscode-sideBarSectionHeader-background': '#181818', '--vscode-sideBarSectionHeader-foreground': '#cccccc', '--vscode-sideBarTitle-foreground': '#cccccc',
    },
  },
  light: {
    bodyClass: 'vscode-light',
    vars: {
      '--vscode-foreground': '#3b3b3b', '--vscode-editor-background': '#ffffff', '--vscode-sideBar-background': '#f8f8f8',
      '--vscode-descriptionForeground': '#717171', '--vscode-widget-border': '#e5e5e5', '--vscode-charts-foreground': '#3b3b3b',
      '--vscode-charts-lines': 'rgba(59,59,59,0.25)', '--vscode-charts-blue': '#1a85ff', '--vscode-charts-orange': '#d18616',
      '--vscode-charts-green': '#388a34', '--vscode-charts-purple': '#652d90', '--vscode-charts-yellow': '#bf8803', '--vscode-charts-red': '#e51400',
      '--vscode-badge-background': '#cccccc', '--vscode-badge-foreground': '#3b3b3b', '--vscode-textCodeBlock-background': '#f0f0f0',
      '--vscode-editorWarning-foreground': '#bf8803', '--vscode-editorError-foreground': '#e51400', '--vscode-errorForeground': '#a1260d',
      '--vscode-inputValidation-errorBackground': '#f2dede', '--vscode-list-inactiveSelectionBackground': '#e4e6f1',
      '--vscode-button-background': '#005fb8', '--vscode-button-foreground': '#ffffff', '--vscode-button-secondaryBackground': '#e5e5e5',
      '--vscode-button-secondaryForeground': '#3b3b3b', '--vscode-testing-iconPassed': '#388a34',
      '--vscode-sideBarSectionHeader-background': '#f8f8f8', '--vscode-sideBarSectionHeader-foreground': '#3b3b3b', '--vscode-sideBarTitle-foreground': '#3b3b3b',
    },
  },
  hc: {
    bodyClass: 'vscode-high-contrast',
    vars: {
      '--vscode-foreground': '#ffffff', '--vscode-editor-background': '#000000', '--vscode-sideBar-background': '#000000',
      '--vscode-descriptionForeground': 'rgba(255,255,255,0.7)', '--vscode-contrastBorder': '#6fc3df', '--vscode-charts-foreground': '#ffffff',
      '--vscode-charts-lines': 'rgba(255,255,255,0.5)', '--vscode-charts-blue': '#3794ff', '--vscode-charts-orange': '#d18616',
      '--vscode-charts-green': '#89d185', '--vscode-charts-purple': '#b180d7', '--vscode-charts-yellow': '#ffd700', '--vscode-charts-red': '#f48771',
      '--vscode-badge-background': '#000000', '--vscode-badge-foreground': '#ffffff', '--vscode-textCodeBlock-background': '#000000',
      '--vscode-editorWarning-foreground': '#ffd700', '--vscode-editorError-foreground': '#f48771', '--vscode-errorForeground': '#f48771',
      '--vscode-list-inactiveSelectionBackground': '#000000', '--vscode-button-background': '#000000', '--vscode-button-foreground': '#ffffff',
      '--vscode-button-border': '#6fc3df', '--vscode-testing-iconPassed': '#89d185',
      '--vscode-sideBarSectionHeader-background': '#000000', '--vscode-sideBarSectionHeader-foreground': '#ffffff', '--vscode-sideBarSectionHeader-border': '#6fc3df',
    },
  },
};

const COMMON_VARS = {
  '--vscode-font-family': 'system-ui, "Segoe UI", Ubuntu, sans-serif', '--vscode-font-size': '13px',
  '--vscode-editor-font-family': '"DejaVu Sans Mono", monospace', '--vscode-editor-font-size': '12px',
};

export async function renderPreview(resultPath, outDir, themes = ['dark', 'light', 'hc']) {
  const { renderPanelHtml } = require(join(root, 'out', 'client', 'profile', 'panel-html.js'));
  const { chromium } = require('playwright-core');
  const result = JSON.parse(readFileSync(resultPath, 'utf8'));
  mkdirSync(outDir, { recursive: true });
  const nonce = 'previewnonce';
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname.startsWith('/dist/')) {
      const file = join(root, 'dist', url.pathname.slice('/dist/'.length));
      try {
        const body = readFileSync(file);
        res.writeHead(200, { 'content-type': file.endsWith('.css') ? 'text/css' : 'text/javascript' });
        res.end(body);
      } catch {
        res.writeHead(404).end();
      }
      return;
    }
    const theme = THEMES[url.searchParams.get('theme')] ?? THEMES.dark;
    const vars = Object.entries({ ...COMMON_VARS, ...theme.vars }).map(([k, v]) => `${k}: ${v};`).join(' ');
    // VS Code injects the theme variables and an acquireVsCodeApi; stand in for both, under the same CSP.
    const shim = `<style nonce="${nonce}">html { ${vars} }</style>
<script nonce="${nonce}">document.addEventListener('DOMContentLoaded', () => document.body.classList.add('${theme.bodyClass}'));
let saved; window.acquireVsCodeApi = () => ({ postMessage: (m) => console.log('to-extension ' + JSON.stringify(m)), getState: () => saved, setState: (s) => { saved = s; } });</script>`;
    const html = renderPanelHtml({ cspSource: `http://127.0.0.1:${server.address().port}`, scriptUri: '/dist/profile-webview.js', styleUri: '/dist/profile-webview.css', nonce }).replace('<title>', `${shim}\n<title>`);
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(html);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  const problems = [];
  const shots = [];
  try {
    for (const theme of themes) {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, deviceScaleFactor: 1 });
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`${theme}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`${theme}: ${e.message}`));
      await page.goto(`http://127.0.0.1:${server.address().port}/?theme=${theme}`);
      // A ProfileFailure (kind + message) previews the error state; anything else is a result.
      const isFailure = typeof result.kind === 'string' && typeof result.message === 'string';
      await page.evaluate(([r, failed]) => window.postMessage(failed ? { type: 'failure', failure: r } : { type: 'result', result: r }, '*'), [result, isFailure]);
      await page.waitForSelector(isFailure ? '.card' : 'canvas');
      await page.waitForTimeout(300);
      const file = join(outDir, `profile-panel-${theme}.png`);
      await page.screenshot({ path: file, fullPage: true });
      shots.push(file);
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  return { shots, problems };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [resultPath, outDir = 'test-results/profile-preview', themes] = process.argv.slice(2);
  if (!resultPath) {
    console.error('usage: node client/webview/preview.mjs RESULT.json [OUT_DIR] [dark,light,hc]');
    process.exit(2);
  }
  const { shots, problems } = await renderPreview(resultPath, outDir, themes ? themes.split(',') : undefined);
  for (const s of shots) console.log(s);
  for (const p of problems) console.log(`problem: ${p}`);
  process.exitCode = problems.length ? 1 : 0;
}
