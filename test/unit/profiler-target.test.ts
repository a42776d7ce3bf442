/**
 * The profiler's pure parts: finding the target under a selection, parsing task
 * arguments, the makespan bound and the classification rules on synthetic runs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findFunctionByName, findProfileTarget, parseTaskArgs } from '../../server/src/profiler/find-target.js';
import { classify, computeLimitSpeedup } from '../../server/src/profiler/verdict.js';
import type { RunResult, TaskRecord } from '../../server/src/profiler/types.js';

const SOURCE = `import { x } from './x';

// loopwise-profile-args: [[30],[31]]
export function fib(n: number): number {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

export const load = async (id: string) => {
  const a = await fetch(id);
  return a;
};

const total = fib(3) + fib(4);
console.log(total);
`;

/** Offset of the first occurrence of `needle` (plus `delta`), so tests do not hard-code columns. */
const at = (needle: string, delta = 0) => SOURCE.indexOf(needle) + delta;

test('the cursor inside a function picks that function, with its args comment', () => {
  const f = findProfileTarget(SOURCE, '/a.ts', at('fib(n - 1)'), at('fib(n - 1)'));
  assert.deepEqual(f, { kind: 'function', name: 'fib', isAsync: false, line: 3, argsComment: '[[30],[31]]' });
});

test('a const async arrow is found and known to be async', () => {
  const f = findProfileTarget(SOURCE, '/a.ts', at('await fetch'), at('await fetch'));
  assert.equal(f.kind, 'function');
  assert.equal(f.kind === 'function' && f.name, 'load');
  assert.equal(f.kind === 'function' && f.isAsync, true);
});

test('selecting a function name elsewhere picks that function', () => {
  const start = at('fib(3)');
  const f = findProfileTarget(SOURCE, '/a.ts', start, start + 3);
  assert.equal(f.kind === 'function' && f.name, 'fib');
});

test('selecting whole top-level statements makes a snippet', () => {
  const start = at('const total');
  const end = at('console.log(total);', 'console.log(total);'.length);
  const f = findProfileTarget(SOURCE, '/a.ts', start, end);
  assert.equal(f.kind, 'snippet');
  assert.equal(f.kind === 'snippet' && f.startLine, 12);
  assert.equal(f.kind === 'snippet' && f.code, 'const total = fib(3) + fib(4);\nconsole.log(total);');
});

test('statements with await make an async snippet', () => {
  const start = at('const a = await');
  const end = at('return a;', 'return a;'.length);
  const f = findProfileTarget(SOURCE, '/a.ts', start, end);
  assert.equal(f.kind === 'snippet' && f.isAsync, true);
});

test('a cursor outside any function says what to do', () => {
  const f = findProfileTarget(SOURCE, '/a.ts', at('import'), at('import'));
  assert.equal(f.kind, 'none');
  assert.match(f.kind === 'none' ? f.reason : '', /top-level function/);
});

test('a missing function name lists the ones there are', () => {
  const f = findFunctionByName(SOURCE, '/a.ts', 'nope');
  assert.match(f.kind === 'none' ? f.reason : '', /fib, load/);
});

test('task arguments must be an array of arrays', () => {
  assert.deepEqual(parseTaskArgs('[[1],[2,"a"]]'), [[1], [2, 'a']]);
  assert.throws(() => parseTaskArgs('[1,2]'), /not an argument array/);
  assert.throws(() => parseTaskArgs('[]'), /non-empty/);
  assert.throws(() => parseTaskArgs('[[1]'), /not valid JSON/);
});

test('the makespan bound: the longest task or the total over the cores', () => {
  assert.equal(computeLimitSpeedup([100, 100, 100, 100], 2), 2);
  assert.equal(computeLimitSpeedup([300, 100, 100, 100], 4), 2);
  assert.equal(computeLimitSpeedup([100, 100, 100], 8), 3);
});

function run(mode: RunResult['mode'], workers: number, wallMs: number, tasks: Array<[number, number]>, seqWall: number): RunResult {
  const records: TaskRecord[] = tasks.map(([elapsed, busy], i) => ({ index: i, worker: 0, queuedMs: 0, startMs: 0, endMs: elapsed, busyMs: busy }));
  const speedup = seqWall / wallMs;
  // All the work's CPU lands in the run, as process.cpuUsage() would count it.
  const cpuMs = tasks.reduce((a, [, busy]) => a + busy, 0);
  return { mode, workers, wallMs, cpuMs, speedup, efficiency: speedup / workers, startupMs: 0, eventLoopDelayP99Ms: 0, results: [], tasks: records, matchesSequential: true };
}

const clone = { argsBytes: 10, resultsBytes: 10, cloneMs: 0.01 };

test('classification on synthetic runs', () => {
  const cpu = Array(4).fill([100, 98]) as Array<[number, number]>;
  assert.equal(classify({ runs: [run('sequential', 1, 400, cpu, 400), run('worker-pool', 2, 205, cpu, 400)], clone, dispatchOverheadMs: 0.05, cores: 2, maxWorkers: 2 }), 'cpu-bound');
  // Starved workers (another process on the cores) still read as CPU-bound.
  const starved = Array(4).fill([190, 98]) as Array<[number, number]>;
  assert.equal(classify({ runs: [run('sequential', 1, 400, cpu, 400), run('worker-pool', 2, 390, starved, 400)], clone, dispatchOverheadMs: 0.05, cores: 2, maxWorkers: 2 }), 'cpu-bound');
  const io = Array(4).fill([50, 0.5]) as Array<[number, number]>;
  assert.equal(classify({ runs: [run('sequential', 1, 200, io, 200), run('async-concurrent', 1, 52, io, 200), run('worker-pool', 2, 110, io, 200)], clone, dispatchOverheadMs: 0.05, cores: 2, maxWorkers: 2 }), 'io-bound');
  const tiny = Array(1000).fill([0.001, 0.001]) as Array<[number, number]>;
  assert.equal(classify({ runs: [run('sequential', 1, 1, tiny, 1), run('worker-pool', 2, 30, tiny, 1)], clone, dispatchOverheadMs: 0.03, cores: 2, maxWorkers: 2 }), 'overhead-bound');
  const heavyClone = { argsBytes: 8e6, resultsBytes: 8e6, cloneMs: 40 };
  const small = Array(4).fill([5, 5]) as Array<[number, number]>;
  assert.equal(classify({ runs: [run('sequential', 1, 20, small, 20), run('worker-pool', 2, 40, small, 20)], clone: heavyClone, dispatchOverheadMs: 0.05, cores: 2, maxWorkers: 2 }), 'serialization-bound');
  const half = Array(4).fill([100, 40]) as Array<[number, number]>;
  assert.equal(classify({ runs: [run('sequential', 1, 400, half, 400), run('worker-pool', 2, 210, half, 400)], clone, dispatchOverheadMs: 0.05, cores: 2, maxWorkers: 2 }), 'mixed');
});
