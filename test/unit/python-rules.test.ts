/**
 * Runs the Python rules over `test-fixtures/rules/<rule>/*.py` and compares the
 * findings with the fixtures' caret annotations.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS } from '../../server/src/protocol';
import { PythonBackend } from '../../server/src/lang/python/backend';
import type { Finding } from '../../server/src/core/finding';
import type { Rule } from '../../server/src/rules/types';
import { annotationFor, matches, parseExpectations, type ActualDiagnostic } from '../helpers/annotations';
import { pythonRules } from './python-test-rules';

const fixturesRoot = join(__dirname, '..', '..', '..', 'test-fixtures', 'rules');
const never = { isCancellationRequested: false };

function toActual(text: string, findings: Finding[], rules: readonly Rule[]): ActualDiagnostic[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const pos = (offset: number) => {
    let line = 0;
    while (line + 1 < starts.length && starts[line + 1] <= offset) line++;
    return { line, character: offset - starts[line] };
  };
  return findings.map((f) => {
    const s = pos(f.start);
    const e = pos(f.end);
    const severity = f.severity ?? rules.find((r) => r.meta.id === f.rule)!.meta.defaultSeverity;
    return { line: s.line, startColumn: s.character, endLine: e.line, endColumn: e.character, rule: f.rule, severity };
  });
}

/** Analyses one fixture and lists what differs from its annotations. */
export async function diffFixture(path: string, roots: string[]): Promise<string[]> {
  const backend = new PythonBackend(roots, pythonRules);
  const text = readFileSync(path, 'utf8');
  const lines = text.split(/\r?\n/);
  const actual = toActual(text, await backend.analyzeFile(path, DEFAULT_SETTINGS, never), pythonRules);
  const expected = parseExpectations(text);
  return [
    ...actual.filter((a) => !expected.some((e) => matches(e, a, lines))).map((a) => `unexpected at line ${a.line + 1}: ${lines[a.line]?.trim()}\n      ${annotationFor(a, lines, '#')}`),
    ...expected.filter((e) => !actual.some((a) => matches(e, a, lines))).map((e) => `missing at line ${e.line + 1}: ${e.rule} columns ${e.startColumn}-${e.endColumn}: ${lines[e.line]?.trim()}`),
  ];
}

describe('Python rule fixtures', () => {
  for (const rule of pythonRules) {
    const dir = join(fixturesRoot, rule.meta.id);
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.py')).sort() : [];
    it(`${rule.meta.id} has Python fixtures that expect findings and fixtures that expect none`, () => {
      const counts = files.map((f) => parseExpectations(readFileSync(join(dir, f), 'utf8')).filter((e) => e.rule === rule.meta.id).length);
      assert.ok(counts.some((n) => n > 0), `no fixture in ${dir} expects ${rule.meta.id}`);
      assert.ok(files.some((f) => f.startsWith('ok_')), `no negative fixture (ok_*.py) in ${dir}`);
    });
    for (const file of files) {
      it(`${rule.meta.id}/${file}`, async () => {
        const report = await diffFixture(join(dir, file), [fixturesRoot]);
        assert.deepEqual(report, [], report.join('\n'));
      });
    }
  }
});
