/**
 * Analysis runs in a worker thread: while a big file is being analysed, the thread
 * that answers LSP requests still answers (here, a file whose diagnostics are
 * cached); a cancelled request is answered as cancelled, and the next is served.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CancellationTokenSource, LSPErrorCodes, ResponseError } from 'vscode-languageserver-protocol';
import type { DocumentDiagnosticReport } from 'vscode-languageserver-protocol';
import { LspTestClient } from '../helpers/lsp-client';

/** About 1.3 MB of async handlers with blocking calls: seconds of analysis, far more than answering from a cache. */
function bigFile(): string {
  const parts = ["import { readFileSync } from 'node:fs';", ''];
  for (let i = 0; i < 3000; i++) {
    parts.push(
      `export async function handler${i}(ids: string[]): Promise<string[]> {`,
      '  const out: string[] = [];',
      '  for (const id of ids) {',
      `    out.push(await Promise.resolve(id + ${i}));`,
      // Once per id: the hot-path evidence a file-system call needs to be reported.
      `    out.push(readFileSync(\`/tmp/${i}/\${id}\`, 'utf8'));`,
      '  }',
      '  return out;',
      '}',
      '',
    );
  }
  return parts.join('\n');
}

const small = [
  "import { readFileSync } from 'node:fs';",
  '',
  'export async function handler(paths: string[]): Promise<string[]> {',
  "  return paths.map((path) => readFileSync(path, 'utf8'));",
  '}',
  '',
].join('\n');

describe('analysis off the LSP thread', () => {
  let dir: string;
  let client: LspTestClient;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'loopwise-thread-'));
    writeFileSync(join(dir, 'big.ts'), bigFile());
    writeFileSync(join(dir, 'small.ts'), small);
    client = new LspTestClient();
    await client.initialize(dir);
  });
  after(async () => {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers for another file while a big one is analysed, and a cancelled analysis gives way', async () => {
    const bigUri = client.open(join(dir, 'big.ts'), bigFile());
    const smallUri = client.open(join(dir, 'small.ts'), small);
    const first = await client.diagnostics(smallUri);
    assert.equal(first.length, 1, JSON.stringify(first));

    const source = new CancellationTokenSource();
    let bigSettled = false;
    const big = client.connection
      .sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri: bigUri } }, source.token)
      .then((report) => report, (error: unknown) => error)
      .finally(() => (bigSettled = true));

    // Nothing changed since: answered from the cache on the LSP thread, while the worker is busy.
    // The pause only lets the big analysis start first (a server that analyses on its LSP
    // thread then answers late); the assertion holds however long the pause is.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const again = await client.diagnostics(smallUri);
    assert.equal(bigSettled, false, 'the big file was analysed before the cached answer came');
    assert.deepEqual(again, first);

    source.cancel();
    const outcome = await big;
    assert.ok(outcome instanceof ResponseError, `expected a cancellation, got ${JSON.stringify(outcome).slice(0, 200)}`);
    assert.ok([LSPErrorCodes.ServerCancelled, LSPErrorCodes.RequestCancelled].includes(outcome.code), String(outcome.code));

    // And the server goes on: an edit to the small file is analysed.
    client.change(smallUri, small + '\nexport const later = 1;\n');
    const edited = await client.diagnostics(smallUri);
    assert.deepEqual(edited.map((d) => d.range), first.map((d) => d.range));
  });
});
