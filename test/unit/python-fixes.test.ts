/**
 * Python quick fixes applied to their fixtures: the ThreadPoolExecutor →
 * ProcessPoolExecutor swap considers the tasks of the same executor binding, not of
 * every variable with the same name (the demo's crunch.py had no fix because another
 * function's `executor` ran a lambda).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS } from '../../server/src/protocol';
import { PythonBackend } from '../../server/src/lang/python/backend';
import { pythonRules } from './python-test-rules';
import { applyOffsetEdits } from '../helpers/fix-check';
import { repoRoot } from '../helpers/workspace';

const never = { isCancellationRequested: false };

async function swapFixOn(path: string, call: string) {
  const backend = new PythonBackend([join(repoRoot, 'test-fixtures')], pythonRules);
  const text = readFileSync(path, 'utf8');
  const findings = await backend.analyzeFile(path, DEFAULT_SETTINGS, never);
  const finding = findings.find((f) => f.rule === 'cpu-bound-in-threads' && text.slice(0, f.start).endsWith(call));
  assert.ok(finding, `a cpu-bound-in-threads finding after "${call}": ${findings.map((f) => `${f.rule}@${f.start}`).join(', ')}`);
  return { text, fix: finding.fixes?.find((f) => f.title === 'Use ProcessPoolExecutor instead of ThreadPoolExecutor') };
}

describe('Python quick fixes', () => {
  it('swap fix: another function’s executor of the same name does not block it', async () => {
    const { text, fix } = await swapFixOn(join(repoRoot, 'test-fixtures', 'rules', 'cpu-bound-in-threads', 'same-name-executors.py'), 'executor.map(');
    assert.ok(fix, 'the swap fix is offered');
    const fixed = applyOffsetEdits(text, fix.edits);
    assert.match(fixed, /def monthly_totals\(limits\):\n    with ProcessPoolExecutor\(max_workers=4\) as executor:/);
    assert.equal(fixed.split('\n').filter((l) => l.startsWith('from concurrent.futures')).length, 1, 'no second import: ProcessPoolExecutor is imported already');
  });

  it('swap fix in the demo’s crunch.py', async () => {
    const { fix } = await swapFixOn(join(repoRoot, 'test-fixtures', 'workspaces', 'demo', 'python', 'crunch.py'), 'executor.map(');
    assert.ok(fix, 'the swap fix is offered in monthly_totals');
  });
});

describe('Python quick fixes leave clean code', () => {
  async function sleepFix(file: string) {
    const path = join(repoRoot, 'test-fixtures', 'fixes', 'python', file);
    const backend = new PythonBackend([join(repoRoot, 'test-fixtures')], pythonRules);
    const text = readFileSync(path, 'utf8');
    const findings = await backend.analyzeFile(path, DEFAULT_SETTINGS, never);
    const fix = findings.flatMap((f) => f.fixes ?? []).find((f) => f.preferred && /asyncio\.sleep/.test(f.title));
    assert.ok(fix, `an asyncio.sleep fix in ${file}`);
    return applyOffsetEdits(text, fix.edits);
  }

  it('removes `import time` when the fix replaced its only use', async () => {
    const fixed = await sleepFix('sleep_only_use.py');
    assert.equal(fixed, '"""The fix replaces the only use of `time`, so `import time` goes too."""\nimport asyncio\n\n\nasync def poll(client):\n    await asyncio.sleep(0.5)\n    return await client.fetch()\n');
  });

  it('keeps `import time` when time is used elsewhere', async () => {
    const fixed = await sleepFix('sleep_other_use.py');
    assert.match(fixed, /^import asyncio\nimport time\n/m);
    assert.match(fixed, /await asyncio\.sleep\(0\.5\)/);
  });
});
