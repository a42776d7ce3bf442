// Typing load: 500 keystrokes sent as didChange (one character inserted each, as
// VS Code sends them) to the 2,000-line file of the incremental project, about one
// per millisecond, then one pull. Prints the time from the last keystroke to the
// final diagnostics, and a fresh server's time to the same diagnostics.
//   node test/bench/typing-load.mjs [path/to/server.js ...]   (default: dist/server.js)
// Several servers are run in turn, in the same process, so their figures compare.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCorpus } from './corpus.mjs';
import { prepareIncrementalProject } from './incremental.mjs';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(repoRoot, 'package.json'));
const { LspTestClient } = require(join(repoRoot, 'out', 'test', 'helpers', 'lsp-client.js'));

const KEYSTROKES = 500;
const servers = process.argv.slice(2).map((p) => resolve(p));
if (servers.length === 0) servers.push(join(repoRoot, 'dist', 'server.js'));

const corpus = ensureCorpus(repoRoot);
const { dir, big } = prepareIncrementalProject(repoRoot, corpus);
const text = readFileSync(big, 'utf8');
const lines = text.split('\n');
const line = lines.findIndex((l, i) => i > 990 && l.includes('const value'));
const typed = 'const typedValue = ids.length * 2; // typed';

async function typingRun(serverPath) {
  const client = new LspTestClient(serverPath);
  try {
    await client.initialize(dir);
    const uri = client.open(big, text);
    await client.diagnostics(uri);
    // Type `typed` again and again at the end of one line, a character per didChange.
    let version = 1;
    let column = lines[line].length;
    const started = performance.now();
    for (let i = 0; i < KEYSTROKES; i++) {
      const ch = typed[i % typed.length];
      version++;
      void client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: { line, character: column }, end: { line, character: column } }, text: ch }],
      });
      column++;
      if (i % 2 === 1) await new Promise((r) => setTimeout(r, 1));
    }
    const lastEdit = performance.now();
    const diagnostics = await pullUntilAnswered(client, uri);
    const done = performance.now();
    const finalText = lines.map((l, i) => (i === line ? l + [...Array(KEYSTROKES)].map((_, k) => typed[k % typed.length]).join('') : l)).join('\n');
    return { typingMs: lastEdit - started, afterLastEditMs: done - lastEdit, diagnostics: diagnostics.length, finalText };
  } finally {
    await client.shutdown();
  }
}

/** A pull the server answers with "retrigger" (the document changed under it) is asked again, as VS Code does. */
async function pullUntilAnswered(client, uri) {
  for (;;) {
    try {
      return await client.diagnostics(uri);
    } catch (error) {
      if (!error?.data?.retriggerRequest) throw error;
    }
  }
}

async function freshRun(serverPath, finalText) {
  const client = new LspTestClient(serverPath);
  try {
    await client.initialize(dir);
    const started = performance.now();
    const diagnostics = await client.diagnostics(client.open(big, finalText));
    return { freshMs: performance.now() - started, diagnostics: diagnostics.length };
  } finally {
    await client.shutdown();
  }
}

console.log(`Typing load: ${KEYSTROKES} one-character didChange edits to a ${lines.length}-line file in a project of the webpack corpus, then one pull`);
for (const server of servers) {
  const typing = await typingRun(server);
  const fresh = await freshRun(server, typing.finalText);
  console.log(`  ${server}`);
  console.log(`    keystrokes sent in ${typing.typingMs.toFixed(0)} ms; last keystroke → diagnostics ${typing.afterLastEditMs.toFixed(0)} ms (${typing.diagnostics} diagnostics)`);
  console.log(`    fresh server, same text: open → diagnostics ${fresh.freshMs.toFixed(0)} ms (${fresh.diagnostics} diagnostics)`);
  if (fresh.diagnostics !== typing.diagnostics) console.log('    DIFFERENT diagnostics count from the fresh server');
}
