/**
 * Every rule fixture again, through the bundled server over stdio: the
 * diagnostics VS Code would show must be exactly the annotated ones.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LspTestClient } from '../helpers/lsp-client';
import { matches, parseExpectations, type ActualDiagnostic } from '../helpers/annotations';
import { repoRoot } from '../helpers/workspace';
import { listFixtures } from '../helpers/fixtures';

const root = join(repoRoot, 'test-fixtures', 'rules');
const SEVERITY = ['', 'error', 'warning', 'info', 'hint'];

describe('rule fixtures over LSP', () => {
  let client: LspTestClient;
  before(async () => {
    client = new LspTestClient();
    await client.initialize(root);
  });
  after(async () => client.shutdown());

  for (const file of listFixtures(root)) {
    const text = readFileSync(file, 'utf8');
    // Fixtures that set their own settings are covered by the in-process suite.
    if (/loopwise-test-settings:/.test(text.split('\n')[0] ?? '')) continue;
    it(relative(root, file), async () => {
      const uri = client.open(file, text, file.endsWith('.py') ? 'python' : /\.[cm]?jsx?$/.test(file) ? 'javascript' : 'typescript');
      const diagnostics = (await client.diagnostics(uri)).filter((d) => d.code !== undefined);
      const lines = text.split(/\r?\n/);
      const actual: ActualDiagnostic[] = diagnostics.map((d) => ({
        line: d.range.start.line,
        startColumn: d.range.start.character,
        endLine: d.range.end.line,
        endColumn: d.range.end.character,
        rule: String(d.code),
        severity: SEVERITY[d.severity ?? 2],
      }));
      const annotated = parseExpectations(text);
      const expected = annotated.filter((e) => !e.related);
      // `(related)` annotations: the diagnostic's relatedInformation carries that location of this file.
      const relatedActual: ActualDiagnostic[] = diagnostics.flatMap((d) => (d.relatedInformation ?? []).filter((r) => r.location.uri === uri).map((r) => ({
        line: r.location.range.start.line,
        startColumn: r.location.range.start.character,
        endLine: r.location.range.end.line,
        endColumn: r.location.range.end.character,
        rule: String(d.code),
        severity: SEVERITY[d.severity ?? 2],
      })));
      const unexpected = actual.filter((a) => !expected.some((e) => matches(e, a, lines))).map((a) => `unexpected ${a.rule} at ${a.line + 1}:${a.startColumn}`);
      const missing = expected.filter((e) => !actual.some((a) => matches(e, a, lines))).map((e) => `missing ${e.rule} at ${e.line + 1}:${e.startColumn}`);
      const missingRelated = annotated.filter((e) => e.related && !relatedActual.some((a) => matches(e, a, lines))).map((e) => `missing related location of ${e.rule} at ${e.line + 1}:${e.startColumn}`);
      assert.deepEqual([...unexpected, ...missing, ...missingRelated], []);
    });
  }
});
