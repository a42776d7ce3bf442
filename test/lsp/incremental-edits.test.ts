/**
 * A document edited many times over LSP (inserts, deletes, several ranges in one
 * change, with diagnostics pulled in between so that each program is re-parsed
 * incrementally from the one before) must get exactly the diagnostics a fresh
 * server gives for the same final text.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { LspTestClient } from '../helpers/lsp-client';
import { repoRoot } from '../helpers/workspace';

const rulesRoot = join(repoRoot, 'test-fixtures', 'rules');
const file = join(rulesRoot, 'blocking-call-in-async', 'direct-calls.ts');

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function freshDiagnostics(text: string): Promise<Diagnostic[]> {
  const client = new LspTestClient();
  try {
    await client.initialize(rulesRoot);
    return await client.diagnostics(client.open(file, text));
  } finally {
    await client.shutdown();
  }
}

describe('incremental re-parsing over LSP', () => {
  const original = readFileSync(file, 'utf8');
  let client: LspTestClient;
  let document: TextDocument;
  let version = 1;
  const uri = () => document.uri;

  /** Sends the changes as VS Code does (applied in order) and mirrors them locally. */
  function change(changes: TextDocumentContentChangeEvent[]): void {
    version++;
    document = TextDocument.update(document, changes, version);
    void client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uri(), version }, contentChanges: changes });
  }

  before(async () => {
    client = new LspTestClient();
    await client.initialize(rulesRoot);
    const opened = client.open(file, original);
    document = TextDocument.create(opened, 'typescript', 1, original);
  });
  after(async () => client.shutdown());

  it('gives the same diagnostics as a fresh server after 200 random edits, and after restoring the text', async () => {
    const next = random(10);
    const pick = (n: number) => Math.floor(next() * n);
    const rangeEdit = (at: TextDocument): TextDocumentContentChangeEvent => {
      const text = at.getText();
      const start = pick(text.length + 1);
      const kind = pick(3);
      // Deletes, inserts of a piece of the original (so the text stays code-like), or both.
      const end = kind === 1 ? start : Math.min(text.length, start + pick(40));
      const from = pick(original.length);
      const inserted = kind === 0 ? '' : original.slice(from, from + pick(60));
      return { range: { start: at.positionAt(start), end: at.positionAt(end) }, text: inserted };
    };
    let pulls = 0;
    for (let i = 0; i < 200; i++) {
      // Several ranges in one change: each applies to the text the one before left.
      const scratch = TextDocument.create(document.uri, 'typescript', 0, document.getText());
      const changes: TextDocumentContentChangeEvent[] = [];
      for (let n = 1 + (pick(4) === 0 ? 1 + pick(2) : 0); n > 0; n--) {
        const edit = rangeEdit(scratch);
        changes.push(edit);
        TextDocument.update(scratch, [edit], scratch.version + 1);
      }
      change(changes);
      assert.equal(document.getText(), scratch.getText());
      if (i % 2 === 1) {
        await client.diagnostics(uri());
        pulls++;
      }
    }
    assert.equal(pulls, 100);
    const edited = document.getText();
    assert.notEqual(edited, original);
    assert.deepEqual(await client.diagnostics(uri()), await freshDiagnostics(edited));

    // Back to the original text in one range edit: re-parsed from the edited tree.
    const prefix = commonPrefix(edited, original);
    const suffix = commonSuffix(edited.slice(prefix), original.slice(prefix));
    change([{ range: { start: document.positionAt(prefix), end: document.positionAt(edited.length - suffix) }, text: original.slice(prefix, original.length - suffix) }]);
    assert.equal(document.getText(), original);
    const restored = await client.diagnostics(uri());
    assert.equal(restored.length, 8, JSON.stringify(restored, null, 1));
    assert.deepEqual(restored, await freshDiagnostics(original));
  });
});

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

function commonSuffix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}
