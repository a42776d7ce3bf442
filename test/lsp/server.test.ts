/**
 * The bundled language server, spawned over stdio as VS Code spawns it: pull
 * diagnostics, code actions, settings changes and bad input.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LspTestClient } from '../helpers/lsp-client';
import { applyEdits } from '../../server/src/core/edits';
import { repoRoot } from '../helpers/workspace';

const messageText = (m: string | { value: string }) => (typeof m === 'string' ? m : m.value);

const rulesRoot = join(repoRoot, 'test-fixtures', 'rules');
const fixture = join(rulesRoot, 'blocking-call-in-async', 'direct-calls.ts');

describe('language server over stdio', () => {
  let client: LspTestClient;
  before(async () => {
    client = new LspTestClient();
    await client.initialize(rulesRoot);
  });
  after(async () => client.shutdown());

  it('publishes blocking-call-in-async with code, docs link and range', async () => {
    const text = readFileSync(fixture, 'utf8');
    const uri = client.open(fixture, text);
    const diagnostics = await client.diagnostics(uri);
    const first = diagnostics.find((d) => d.range.start.line === 8);
    assert.ok(first, JSON.stringify(diagnostics, null, 1));
    assert.equal(first.code, 'blocking-call-in-async');
    assert.equal(first.source, 'loopwise');
    assert.match(first.codeDescription!.href, /docs\/rules\/blocking-call-in-async\.md$/);
    assert.deepEqual(first.range, { start: { line: 8, character: 14 }, end: { line: 8, character: 57 } });
    assert.match(messageText(first.message), /fs\.readFileSync blocks the event loop/);
    assert.equal(diagnostics.length, 9);
  });

  it('offers a quick fix that rewrites the call', async () => {
    const text = readFileSync(fixture, 'utf8');
    const uri = client.open(fixture, text);
    const diagnostics = await client.diagnostics(uri);
    const target = diagnostics.find((d) => d.range.start.line === 8)!;
    const actions = await client.codeActions(uri, target);
    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix, JSON.stringify(actions));
    assert.equal(fix.kind, 'quickfix');
    const edits = fix.edit!.changes![uri];
    const lines = text.split('\n');
    const offsetOf = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
    const fixed = applyEdits(text, edits.map((e) => ({ start: offsetOf(e.range.start), end: offsetOf(e.range.end), newText: e.newText })));
    assert.match(fixed, /const raw = await fs\.promises\.readFile\(`\/data\/\$\{id\}\.json`, 'utf8'\);/);
  });

  it('re-analyses after an edit and reports the cross-file chain as related information', async () => {
    const file = join(rulesRoot, 'blocking-call-in-async', 'cross-file.ts');
    const text = readFileSync(file, 'utf8');
    const uri = client.open(file, text);
    const diagnostics = await client.diagnostics(uri);
    const chain = diagnostics.find((d) => messageText(d.message).startsWith('renderPage()'));
    assert.ok(chain);
    assert.deepEqual(chain.relatedInformation!.map((r) => r.message), ['renderPage calls loadTemplate', 'loadTemplate calls fs.readFileSync']);
    assert.match(chain.relatedInformation![1].location.uri, /lib\/templates\.ts$/);
    client.change(uri, text.replace("renderPage('home', escapeHtml(title))", 'escapeHtml(title)'));
    const after = await client.diagnostics(uri);
    assert.equal(after.length, diagnostics.length - 1);
  });

  it('turns a rule off when the settings say so', async () => {
    const uri = client.open(fixture, readFileSync(fixture, 'utf8'));
    await client.changeSettings({ rules: { 'blocking-call-in-async': 'off' } });
    assert.deepEqual(await client.diagnostics(uri), []);
    await client.changeSettings({ rules: { 'blocking-call-in-async': 'error' } });
    const raised = await client.diagnostics(uri);
    assert.ok(raised.length > 0 && raised.every((d) => d.severity === 1));
    await client.changeSettings({});
  });

  it('gives one note for a file it cannot analyse, and keeps serving others', async () => {
    const deep = join(rulesRoot, 'deep-nesting-virtual.ts');
    const uri = client.open(deep, `export const x = ${'('.repeat(5000)}1${')'.repeat(5000)};\n`);
    const diagnostics = await client.diagnostics(uri);
    assert.equal(diagnostics.length, 1);
    assert.match(messageText(diagnostics[0].message), /nest 5000 levels deep/);
    const ok = client.open(fixture, readFileSync(fixture, 'utf8'));
    assert.equal((await client.diagnostics(ok)).length, 9);
    assert.equal(client.stderr.includes('RangeError'), false, client.stderr);
  });
});
