/**
 * Fix cases a `.fixed` file beside a fixture cannot show (test/unit/fixtures.test.ts
 * checks those): a fix offered in the demo workspace, and a finding that says why
 * it has no fix.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS } from '../../server/src/protocol';
import { PythonBackend } from '../../server/src/lang/python/backend';
import { pythonRules } from './python-test-rules';
import { createWorkspace, repoRoot } from '../helpers/workspace';

const never = { isCancellationRequested: false };

describe('fix offers', () => {
  it('swap fix in the demo’s crunch.py: another function’s executor of the same name does not block it', async () => {
    const path = join(repoRoot, 'test-fixtures', 'workspaces', 'demo', 'python', 'crunch.py');
    const backend = new PythonBackend([join(repoRoot, 'test-fixtures')], pythonRules);
    const text = readFileSync(path, 'utf8');
    const findings = await backend.analyzeFile(path, DEFAULT_SETTINGS, never);
    const finding = findings.find((f) => f.rule === 'cpu-bound-in-threads' && text.slice(0, f.start).endsWith('executor.map('));
    assert.ok(finding, `a cpu-bound-in-threads finding after "executor.map(": ${findings.map((f) => `${f.rule}@${f.start}`).join(', ')}`);
    assert.ok(finding.fixes?.some((f) => f.title === 'Use ProcessPoolExecutor instead of ThreadPoolExecutor'), 'the swap fix is offered in monthly_totals');
  });

  it('shared memory: a Float64Array write has no Atomics fix, and the detail says why', async () => {
    const root = join(repoRoot, 'test-fixtures', 'rules');
    const path = join(root, 'unguarded-shared-state', 'shared-memory.ts');
    const workspace = await createWorkspace([root]);
    const text = readFileSync(path, 'utf8');
    const result = await workspace.analyzeFile(path, DEFAULT_SETTINGS);
    const finding = result.findings.find((f) => f.rule === 'unguarded-shared-state' && text.slice(f.start, f.end) === 'ratios[0] = bytes / 2');
    assert.ok(finding, 'a finding on the Float64Array write');
    assert.equal(finding.fixes?.some((f) => f.title.includes('Atomics')), false);
    assert.match(finding.detail ?? '', /cannot be used with Atomics/);
  });
});
