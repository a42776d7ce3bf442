// The call graph crosses files: a sync helper elsewhere ends in a blocking call.
import { createServer } from 'node:http';
import { renderPage, escapeHtml, readRaw } from './lib/templates';

export async function showPage(title: string): Promise<string> {
  const page = renderPage('home', escapeHtml(title));
  //           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
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
  //      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
});

// handleRequest → renderPage → loadTemplate → readFileSync is three functions down,
// past the rule's meta.chainDepth (2): left alone (chain-depth.ts).
export const other = createServer(handleRequest);
