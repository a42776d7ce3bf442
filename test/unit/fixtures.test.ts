/**
 * The table-driven rule suite: every file under test-fixtures/rules/ is analysed
 * with every rule on, and its diagnostics must be exactly the ones annotated in
 * it. Files without annotations are negative cases: they must produce nothing.
 * Every rule has, for each language it reads, a fixture that expects it and a
 * negative one in `test-fixtures/rules/<rule>/`. This is the one fixture harness
 * for both languages.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it, before } from 'node:test';
import { AnalysisWorkspace } from '../../server/src/engine/workspace';
import { resolveSettings } from '../../server/src/protocol';
import { rules } from '../../server/src/rules';
import { annotationFor, matches, parseExpectations, type ActualDiagnostic } from '../helpers/annotations';
import { createWorkspace, repoRoot } from '../helpers/workspace';

const fixturesRoot = join(repoRoot, 'test-fixtures', 'rules');
const SETTINGS_COMMENT = /loopwise-test-settings:\s*(\{.*\})/;

function listFixtures(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...listFixtures(path));
    else if (/\.(?:[cm]?[jt]s|[jt]sx|py)$/.test(entry) && !entry.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

describe('every rule has fixtures for each language it reads', () => {
  for (const rule of rules.filter((r) => r.checkTypeScript || r.checkPython)) {
    const dir = join(fixturesRoot, rule.meta.id);
    const files = listFixtures(dir);
    const languages = [...(rule.checkTypeScript ? [['TypeScript', (f: string) => !f.endsWith('.py')] as const] : []), ...(rule.checkPython ? [['Python', (f: string) => f.endsWith('.py')] as const] : [])];
    for (const [language, isLanguage] of languages) {
      it(`${rule.meta.id}: ${language} fixtures that expect it and a negative one`, () => {
        const annotated = files.filter(isLanguage).map((f) => parseExpectations(readFileSync(f, 'utf8')));
        assert.ok(annotated.some((e) => e.some((x) => x.rule === rule.meta.id)), `no ${language} fixture in ${dir} expects ${rule.meta.id}`);
        assert.ok(annotated.some((e) => e.length === 0), `no negative ${language} fixture (one without annotations) in ${dir}`);
      });
    }
  }
});

describe('rule fixtures', () => {
  let workspace: AnalysisWorkspace;
  const files = listFixtures(fixturesRoot);

  before(async () => {
    workspace = await createWorkspace([fixturesRoot]);
    workspace.typescript.preload(files.filter((f) => workspace.typescript.handles(f)));
  });

  for (const file of files) {
    it(relative(fixturesRoot, file), async () => {
      const text = readFileSync(file, 'utf8');
      const lines = text.split(/\r?\n/);
      const settingsJson = SETTINGS_COMMENT.exec(lines[0] ?? '')?.[1];
      const settings = resolveSettings(settingsJson ? JSON.parse(settingsJson) : {});
      const result = await workspace.analyzeFile(file, settings);
      assert.equal(result.error, undefined, `analysis failed: ${result.error}`);
      const map = workspace.lineMapOf(file);
      const actual: ActualDiagnostic[] = result.findings.map((f) => {
        const start = map.positionAt(f.start);
        const end = map.positionAt(f.end);
        return { line: start.line, startColumn: start.character, endLine: end.line, endColumn: end.character, rule: f.rule, severity: f.severity };
      });
      const expected = parseExpectations(text);
      const marker = file.endsWith('.py') ? '#' : '//';
      const unexpected = actual.filter((a) => !expected.some((e) => matches(e, a, lines)));
      const missing = expected.filter((e) => !actual.some((a) => matches(e, a, lines)));
      const report = [
        ...unexpected.map((a) => `unexpected at line ${a.line + 1}: ${lines[a.line]?.trim()}\n      ${annotationFor(a, lines, marker)}`),
        ...missing.map((e) => `missing at line ${e.line + 1}: ${e.rule} columns ${e.startColumn}-${e.endColumn}: ${lines[e.line]?.trim()}`),
      ];
      assert.deepEqual(report, [], report.join('\n'));
    });
  }
});
