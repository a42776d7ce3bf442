// The call graph crosses files: a sync helper elsewhere ends in a blocking call.
// One root cause, one finding: the readFileSync in lib/templates.ts is reported
// there, once, naming the three entry points below; their call sites show nothing.
import { createServer } from 'node:http';
import { renderPage, escapeHtml, readRaw } from './lib/templates';

export async function showPage(title: string): Promise<string> {
  const page = renderPage('home', escapeHtml(title));
  return page;
}

export async function reexported(): Promise<Buffer> {
  return readRaw('/etc/hosts');
  //     ^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

function handleRequest(_req: unknown, res: { end(body: string): void }) {
  res.end(renderPage('home', 'Hello'));
}

export const server = createServer((req, res) => {
  res.end(renderPage('about', String(req.url)));
});

// A request handler by reference is an entry point itself: handleRequest → renderPage →
// loadTemplate is two synchronous functions, within the rule's meta.chainDepth (2).
export const other = createServer(handleRequest);

// Hot-path evidence: a file-system call is reported when a request handler reaches it.
export const third = createServer(async (_req, res) => {
  res.end(await reexported());
});
