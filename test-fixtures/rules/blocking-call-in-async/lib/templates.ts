// A library of synchronous helpers that end in blocking calls.
import { readFileSync } from 'node:fs';

export function loadTemplate(name: string): string {
  return readFileSync(`/srv/templates/${name}.html`, 'utf8');
  //     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

export function renderPage(name: string, title: string): string {
  return loadTemplate(name).replace('{{title}}', title);
}

export function escapeHtml(text: string): string {
  return text.replace(/</g, '&lt;');
}

export { readFileSync as readRaw } from 'node:fs';
