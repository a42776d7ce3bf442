/**
 * The profile panel's HTML shell: a strict Content-Security-Policy that allows only the
 * bundled script and stylesheet (by the webview's resource origin) and nothing inline
 * except what carries the per-load nonce. Pure, so a headless browser can render it
 * outside VS Code for screenshots.
 */
import { randomBytes } from 'node:crypto';

export interface PanelHtmlParts {
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  nonce?: string;
}

export function makeNonce(): string {
  return randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

export function renderPanelHtml(parts: PanelHtmlParts): string {
  const nonce = parts.nonce ?? makeNonce();
  const csp = [
    "default-src 'none'",
    `img-src ${parts.cspSource} data:`,
    `font-src ${parts.cspSource}`,
    `style-src ${parts.cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${parts.styleUri}" nonce="${nonce}">
<title>Loopwise profile</title>
</head>
<body>
<main id="root"></main>
<script nonce="${nonce}" src="${parts.scriptUri}"></script>
</body>
</html>`;
}
