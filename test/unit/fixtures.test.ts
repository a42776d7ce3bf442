/**
 * The table-driven rule suite: every file under test-fixtures/rules/ is analysed
 * with every rule on, and its diagnostics must be exactly the ones annotated in
 * it. Files without annotations are negative cases: they must produce nothing.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it, before } from 'node:test';
import { AnalysisWorkspace } from '../../server/src/engine/workspace';
import { resolveSettings } from '../../server/src/protocol';
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
