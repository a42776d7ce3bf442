/**
 * The one fixture harness for both languages. Every file under test-fixtures/rules/
 * is analysed with every rule on, and its diagnostics must be exactly the ones
 * annotated in it. A left-alone fixture is named `ok-<topic>.ts|js` or
 * `ok_<topic>.py` and must annotate nothing. Every rule has, for each language it
 * reads, a fixture that expects it and a left-alone one in `test-fixtures/rules/<rule>/`.
 *
 * Fixes, like rust-analyzer's check_fix: when `<name>.fixed.<ext>` sits beside a
 * fixture, applying the fixture's fixes must give exactly that file. Which fixes is
 * said by a `loopwise-test-fix:` comment in the fixture's first lines:
 *   (none)             every finding's preferred fix;
 *   fix-all            what "Fix all" applies (each finding's safe fix, imports merged);
 *   <text> [(safe)|(unsafe)]  each finding's first fix whose title contains <text>,
 *                      all of them safe, or all unsafe, when that is given.
 * An annotation with `(related)` for its severity expects a related location of a
 * finding of that rule (a call a grouped finding stands for), not a finding.
 *
 * The fixed text must add no type error (TS/JS), and analysed again it must have
 * fewer findings of each fixed rule by at least the number fixed, and no unused
 * suppression. Run with UPDATE_EXPECT=1 to write the .fixed files (then read them).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, it, before } from 'node:test';
import type { AnalysisWorkspace, ResolvedFinding } from '../../server/src/engine/workspace';
import { fixAllEdits } from '../../server/src/engine/fix-all';
import type { OffsetEdit } from '../../server/src/core/finding';
import { resolveSettings } from '../../server/src/protocol';
import { rules } from '../../server/src/rules';
import { annotationFor, matches, parseExpectations, type ActualDiagnostic } from '../helpers/annotations';
import { createWorkspace, repoRoot } from '../helpers/workspace';
import { fixedPathOf, isLeftAloneFixture, listFixtures } from '../helpers/fixtures';
import { applyEdits } from '../../server/src/core/edits';
import { typeErrors } from '../helpers/type-errors';

const fixturesRoot = join(repoRoot, 'test-fixtures', 'rules');
const SETTINGS_COMMENT = /loopwise-test-settings:\s*(\{.*\})/;
const FIX_COMMENT = /loopwise-test-fix:\s*(.*?)\s*(?:\*\/)?$/;

describe('every rule has fixtures for each language it reads', () => {
  for (const rule of rules.filter((r) => r.checkTypeScript || r.checkPython)) {
    const dir = join(fixturesRoot, rule.meta.id);
    const files = listFixtures(dir);
    const languages = [...(rule.checkTypeScript ? [['TypeScript', (f: string) => !f.endsWith('.py')] as const] : []), ...(rule.checkPython ? [['Python', (f: string) => f.endsWith('.py')] as const] : [])];
    for (const [language, isLanguage] of languages) {
      it(`${rule.meta.id}: ${language} fixtures that expect it and a negative one`, () => {
        const annotated = files.filter(isLanguage).map((f) => parseExpectations(readFileSync(f, 'utf8')));
        assert.ok(annotated.some((e) => e.some((x) => x.rule === rule.meta.id && !x.related)), `no ${language} fixture in ${dir} expects ${rule.meta.id}`);
        assert.ok(files.filter(isLanguage).some(isLeftAloneFixture), `no left-alone ${language} fixture (ok-<topic>.ts or ok_<topic>.py) in ${dir}`);
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
      const annotated = parseExpectations(text);
      const expected = annotated.filter((e) => !e.related);
      // The calls a grouped finding stands for: each annotated one is among the related locations of a finding of its rule.
      const relatedActual: ActualDiagnostic[] = result.findings.flatMap((f) => (f.related ?? []).filter((r) => r.file === file).map((r) => {
        const start = map.positionAt(r.start);
        const end = map.positionAt(r.end);
        return { line: start.line, startColumn: start.character, endLine: end.line, endColumn: end.character, rule: f.rule, severity: f.severity };
      }));
      const missingRelated = annotated.filter((e) => e.related && !relatedActual.some((a) => matches(e, a, lines)));
      if (isLeftAloneFixture(file)) assert.deepEqual(annotated.map((e) => `${e.rule} at line ${e.line + 1}`), [], 'a file named ok… is a left-alone fixture: it expects no finding (give it a plain name if it has flagged cases)');
      const marker = file.endsWith('.py') ? '#' : '//';
      const unexpected = actual.filter((a) => !expected.some((e) => matches(e, a, lines)));
      const missing = expected.filter((e) => !actual.some((a) => matches(e, a, lines)));
      const report = [
        ...unexpected.map((a) => `unexpected at line ${a.line + 1}: ${lines[a.line]?.trim()}\n      ${annotationFor(a, lines, marker)}`),
        ...missing.map((e) => `missing at line ${e.line + 1}: ${e.rule} columns ${e.startColumn}-${e.endColumn}: ${lines[e.line]?.trim()}`),
        ...missingRelated.map((e) => `missing related location at line ${e.line + 1}: no ${e.rule} finding lists columns ${e.startColumn}-${e.endColumn}: ${lines[e.line]?.trim()}`),
      ];
      assert.deepEqual(report, [], report.join('\n'));
      if (existsSync(fixedPathOf(file))) await checkFixes(workspace, file, text, settings, result.findings);
      else assert.equal(FIX_COMMENT.test(lines.slice(0, 5).join('\n')), false, `a loopwise-test-fix comment but no ${relative(fixturesRoot, fixedPathOf(file))}`);
    });
  }
});

/** The fixes the fixture's `loopwise-test-fix:` comment selects, with the findings they fix. */
function selectFixes(text: string, findings: readonly ResolvedFinding[]): { edits: OffsetEdit[]; fixed: ResolvedFinding[] } {
  const header = text.split(/\r?\n/).slice(0, 5).map((l) => FIX_COMMENT.exec(l)?.[1]).find((m) => m !== undefined);
  if (header === 'fix-all') return { edits: fixAllEdits(findings), fixed: findings.filter((f) => f.fixes?.some((x) => x.safe)) };
  const [, title, safety] = /^(.*?)\s*(?:\((safe|unsafe)\))?$/.exec(header ?? '')!;
  const edits: OffsetEdit[] = [];
  const fixed: ResolvedFinding[] = [];
  for (const finding of findings) {
    const fix = finding.fixes?.find((f) => (title ? f.title.includes(title) : f.preferred));
    if (!fix) continue;
    if (safety) assert.equal(fix.safe, safety === 'safe', `"${fix.title}" on ${finding.rule} should be ${safety}`);
    fixed.push(finding);
    // Two fixes may make the same edit (one import for both): it is applied once.
    for (const e of fix.edits) if (!edits.some((o) => o.start === e.start && o.end === e.end && o.newText === e.newText)) edits.push(e);
  }
  assert.ok(fixed.length > 0, `no finding has a fix ${title ? `titled …${title}…` : 'marked preferred'}`);
  return { edits, fixed };
}

function nearestTsconfig(file: string): string {
  for (let dir = dirname(file); dir.startsWith(fixturesRoot); dir = dirname(dir)) {
    if (existsSync(join(dir, 'tsconfig.json'))) return join(dir, 'tsconfig.json');
  }
  throw new Error(`no tsconfig.json above ${file}`);
}

async function checkFixes(workspace: AnalysisWorkspace, file: string, text: string, settings: ReturnType<typeof resolveSettings>, findings: readonly ResolvedFinding[]): Promise<void> {
  const expectedPath = fixedPathOf(file);
  const { edits, fixed: fixedFindings } = selectFixes(text, findings);
  const fixed = applyEdits(text, edits);
  if (process.env.UPDATE_EXPECT === '1') writeFileSync(expectedPath, fixed);
  const expected = readFileSync(expectedPath, 'utf8');
  assert.equal(fixed, expected, `the fixes do not give ${relative(fixturesRoot, expectedPath)} (UPDATE_EXPECT=1 rewrites it; then read the diff)`);
  if (!file.endsWith('.py')) {
    const tsconfig = nearestTsconfig(file);
    const before = new Set(typeErrors(tsconfig, file, text));
    const after = typeErrors(tsconfig, file, fixed);
    typeErrors(tsconfig, file, text);
    assert.deepEqual(after.filter((e) => !before.has(e)), [], 'type errors the fixes added');
  }
  workspace.setDocumentText(file, fixed);
  try {
    const again = await workspace.analyzeFile(file, settings);
    assert.equal(again.error, undefined, `analysis of the fixed text failed: ${again.error}`);
    for (const rule of new Set(fixedFindings.map((f) => f.rule))) {
      const was = findings.filter((f) => f.rule === rule).length;
      const now = again.findings.filter((f) => f.rule === rule).length;
      const count = fixedFindings.filter((f) => f.rule === rule).length;
      assert.ok(now <= was - count, `${rule}: ${was} findings before, ${count} fixed, still ${now} after`);
    }
    const unused = again.findings.filter((f) => f.rule === 'unused-suppression').length - findings.filter((f) => f.rule === 'unused-suppression').length;
    assert.ok(unused <= 0, 'the fixes left an unused suppression');
  } finally {
    workspace.setDocumentText(file, undefined);
  }
}
