/**
 * Line numbers in the Python rules' details and in the profiler's target search come
 * from core/positions' LineMap: the same 1-based lines for \n and \r\n text.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_SETTINGS } from '../../server/src/protocol';
import { PythonBackend } from '../../server/src/lang/python/backend';
import { findPythonTargetAt, listPythonTargets } from '../../server/src/profiler/python/find-python-target';
import type { Finding } from '../../server/src/core/finding';
import { pythonRules } from './python-test-rules';

const never = { isCancellationRequested: false };

async function findings(text: string, rule: string): Promise<Finding[]> {
  const dir = mkdtempSync(join(tmpdir(), 'loopwise-lines-'));
  try {
    writeFileSync(join(dir, 'm.py'), text);
    const backend = new PythonBackend([dir], pythonRules);
    return (await backend.analyzeFile(join(dir, 'm.py'), DEFAULT_SETTINGS, never)).filter((f) => f.rule === rule);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const UNCLOSED = [
  'from concurrent.futures import ThreadPoolExecutor',
  '',
  'def run(items):',
  '    pool = ThreadPoolExecutor()',
  '    if not items:',
  '        return []',
  '    out = list(pool.map(str, items))',
  '    pool.shutdown()',
  '    return out',
  '',
];

const LOCKS = [
  'import threading',
  'a = threading.Lock()',
  'b = threading.Lock()',
  '',
  'def one():',
  '    with a:',
  '        with b:',
  '            pass',
  '',
  'def two():',
  '    with b:',
  '        with a:',
  '            pass',
  '',
];

const WORKER = [
  'import dask',
  'from dask import delayed',
  '',
  'seen = {}',
  '',
  'def mark(x):',
  '    seen[x] = 1',
  '',
  'def run(xs):',
  '    dask.compute(*[delayed(mark)(x) for x in xs], scheduler="processes")',
  '    return seen',
  '',
];

for (const eol of ['\n', '\r\n']) {
  const name = eol === '\n' ? 'LF' : 'CRLF';
  test(`unclosed-pool: the early exit's line (${name})`, async () => {
    const [f] = await findings(UNCLOSED.join(eol), 'unclosed-pool');
    assert.ok(f, 'one finding');
    assert.match(f.message + ' ' + (f.detail ?? ''), /leaves early \(line 6\)/);
  });

  test(`lock-order-inversion: the other path's line (${name})`, async () => {
    const got = await findings(LOCKS.join(eol), 'lock-order-inversion');
    assert.equal(got.length, 2);
    const lines = got.map((f) => /\(line (\d+)/.exec(f.detail ?? '')?.[1]).sort();
    assert.deepEqual(lines, ['12', '7']);
  });

  test(`global-in-worker-process: the lines of the compute call and the read (${name})`, async () => {
    const [f] = await findings(WORKER.join(eol), 'global-in-worker-process');
    assert.ok(f, 'one finding');
    assert.match(f.detail ?? '', /scheduler="processes" \(line 10\).*reads 'seen' \(line 11\)/);
  });

  test(`the profiler's Python target: the function at the cursor, by line (${name})`, () => {
    const src = ['import os', '', '# loopwise-profile-args: [[1]]', '@cache', 'def first(x):', '    return x', '', 'def second(y):', '    return y', ''].join(eol);
    const at = (needle: string) => src.indexOf(needle);
    assert.deepEqual(findPythonTargetAt(src, at('return x'), at('return x')), { kind: 'function', name: 'first', isAsync: false, line: 4, argsComment: '[[1]]' });
    assert.equal((findPythonTargetAt(src, at('@cache'), at('@cache')) as { name?: string }).name, 'first');
    assert.equal((findPythonTargetAt(src, at('return y'), at('return y')) as { name?: string }).name, 'second');
    assert.equal(findPythonTargetAt(src, at('import os'), at('import os')).kind, 'none');
    assert.deepEqual(listPythonTargets(src).map((t) => [t.found.name, t.found.line]), [['first', 4], ['second', 7]]);
  });
}
