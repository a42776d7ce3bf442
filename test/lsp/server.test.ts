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
    assert.match(messageText(first.message), /^'fs\.readFileSync' blocks the event loop in async '\w+'/);
    assert.equal(diagnostics.length, 8);
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

  it('reports a blocking call in another file once, at the call, with the entry points that reach it as related information, and follows edits to them', async () => {
    const dir = join(rulesRoot, 'blocking-call-in-async');
    const entriesFile = join(dir, 'cross-file.ts');
    const helperFile = join(dir, 'lib', 'templates.ts');
    const entriesText = readFileSync(entriesFile, 'utf8');
    const entriesUri = client.open(entriesFile, entriesText);
    const helperUri = client.open(helperFile, readFileSync(helperFile, 'utf8'));
    const rootOf = async () => (await client.diagnostics(helperUri)).find((d) => messageText(d.message).includes("in sync 'loadTemplate'"));
    const root = await rootOf();
    assert.ok(root, 'the readFileSync in loadTemplate is reported in lib/templates.ts');
    // The first entry is the finding's detail, at its own range; the entry points follow.
    assert.equal(root.relatedInformation?.[0].location.uri, helperUri);
    const related = (root.relatedInformation ?? []).slice(1);
    assert.equal(related.length, 3, JSON.stringify(related));
    assert.ok(related.every((r) => r.location.uri === entriesUri), 'every entry point is in cross-file.ts');
    assert.ok(related.some((r) => /^Async 'showPage' reaches it: showPage → renderPage → loadTemplate$/.test(r.message)), JSON.stringify(related));
    // The entry points' own file shows nothing for the root cause: only its own direct call.
    const atEntries = await client.diagnostics(entriesUri);
    assert.deepEqual(atEntries.map((d) => d.range.start.line), [12]);
    // Removing one entry point's call re-analyses the other file: two entry points are left.
    client.change(entriesUri, entriesText.replace("renderPage('home', escapeHtml(title))", 'escapeHtml(title)'));
    const after = await rootOf();
    assert.ok(after);
    assert.equal(after.relatedInformation?.length, 3, JSON.stringify(after.relatedInformation));
    assert.ok(!after.relatedInformation!.some((r) => r.message.includes('showPage')));
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
    assert.equal((await client.diagnostics(ok)).length, 8);
    assert.equal(client.stderr.includes('RangeError'), false, client.stderr);
  });
});
