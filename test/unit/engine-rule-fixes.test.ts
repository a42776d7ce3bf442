/**
 * The eager-delayed-call quick fix applied to its fixture: every finding's
 * preferred fix, applied together, must give exactly `<fixture>.fixed.py`, and
 * with the caret annotations dropped; the fixed file must draw no finding of the rule (the fixture harness analyses
 * it as a negative file too).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS } from '../../server/src/protocol';
import { PythonBackend } from '../../server/src/lang/python/backend';
import { pythonRules } from './python-test-rules';
import { applyOffsetEdits } from '../helpers/fix-check';
import { isAnnotationLine } from '../helpers/annotations';
import { repoRoot } from '../helpers/workspace';

const never = { isCancellationRequested: false };
const dir = join(repoRoot, 'test-fixtures', 'rules', 'eager-delayed-call');

describe('eager-delayed-call quick fix', () => {
  it('delayed(f(x)) becomes delayed(f)(x), matching eager.fixed.py', async () => {
    const backend = new PythonBackend([join(repoRoot, 'test-fixtures')], pythonRules);
    const file = join(dir, 'eager.py');
    const text = readFileSync(file, 'utf8');
    const findings = (await backend.analyzeFile(file, DEFAULT_SETTINGS, never)).filter((f) => f.rule === 'eager-delayed-call');
    assert.equal(findings.length, 3, findings.map((f) => f.message).join('\n'));
    const fixes = findings.map((f) => f.fixes?.find((x) => x.preferred));
    assert.ok(fixes.every((f) => f?.safe), 'each finding has a preferred, safe fix');
    const edits = fixes.flatMap((f) => f!.edits).sort((a, b) => b.start - a.start);
    // The expectation is the fixture without its caret annotations.
    const fixed = applyOffsetEdits(text, edits).split('\n').filter((l) => !isAnnotationLine(l)).join('\n');
    assert.equal(fixed, readFileSync(join(dir, 'eager.fixed.py'), 'utf8'));
  });

  it('no fix when the delayed function is not a plain name', async () => {
    const backend = new PythonBackend([join(repoRoot, 'test-fixtures')], pythonRules);
    const file = join(repoRoot, 'test-fixtures', 'rules', 'eager-delayed-call', 'eager_no_fix.py');
    const findings = (await backend.analyzeFile(file, DEFAULT_SETTINGS, never)).filter((f) => f.rule === 'eager-delayed-call');
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0].fixes, []);
  });
});

const ENGINE_RULES = ['sequential-submit', 'eager-delayed-call', 'pool-in-loop', 'wait-inside-task', 'repeated-large-argument', 'global-in-worker-process'];

describe('engine rules: one short line, the why in detail', () => {
  for (const id of ENGINE_RULES) {
    it(id, async () => {
      const backend = new PythonBackend([join(repoRoot, 'test-fixtures')], pythonRules);
      const folder = join(repoRoot, 'test-fixtures', 'rules', id);
      const files = readdirSync(folder).filter((f) => f.endsWith('.py') && !f.startsWith('ok_'));
      let seen = 0;
      for (const f of files) {
        for (const finding of await backend.analyzeFile(join(folder, f), DEFAULT_SETTINGS, never)) {
          if (finding.rule !== id) continue;
          seen++;
          assert.ok(finding.message.length <= 140, `${f}: ${finding.message.length} characters: ${finding.message}`);
          assert.doesNotMatch(finding.message, /[`\n]/, `${f}: plain one-line message: ${finding.message}`);
          assert.ok(finding.detail && finding.detail.length > finding.message.length, `${f}: detail says why and how to fix: ${finding.message}`);
        }
      }
      assert.ok(seen > 0, `no ${id} finding in ${folder}`);
    });
  }
});
