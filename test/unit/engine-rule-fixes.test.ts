/**
 * The engine rules (issue 14), beyond the fixture harness (which checks
 * eager-delayed-call's fix against eager.fixed.py): no fix where the rewrite
 * would move more than the call, and each rule's message is one short plain line
 * with the why in `detail`.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS } from '../../server/src/protocol';
import { PythonBackend } from '../../server/src/lang/python/backend';
import { pythonRules } from './python-test-rules';
import { repoRoot } from '../helpers/workspace';

const never = { isCancellationRequested: false };

describe('eager-delayed-call quick fix', () => {
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
