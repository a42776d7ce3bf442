/**
 * Verdicts that agree with their own numbers (issue 15), on synthetic raw runs shaped
 * like the profiles the issue reports: an I/O-bound profile whose limit was called "on 2
 * cores" with an efficiency of 398%, a GIL-bound one that recommended the process pool
 * that measured 0.90×, a busy machine, and the code sketches' module path and system.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assembleNode, sketchModuleOf } from '../../server/src/profiler/assemble-node.js';
import { assemblePython } from '../../server/src/profiler/python/assemble-python.js';
import { INCONCLUSIVE_MODEL } from '../../server/src/profiler/verdict-checks.js';
import { POOL_MODES, type ProfileRequest, type ProfileResult, type RawProfile, type RawRun, type RunMode } from '../../server/src/profiler/types.js';

/** `n` tasks run `lanes` at a time, each `each` ms long and busy for `busyShare` of it. */
function raw(mode: RunMode, workers: number, wallMs: number, o: { n?: number; each?: number; busyShare?: number; cpuMs?: number; delay?: number; runQueueMs?: number } = {}): RawRun {
  const n = o.n ?? 4;
  const lanes = mode === 'async-concurrent' || mode === 'asyncio-gather' ? n : workers;
  const each = o.each ?? wallMs / Math.ceil(n / lanes);
  return {
    mode,
    workers,
    wallMs,
    cpuMs: o.cpuMs ?? wallMs * (o.busyShare ?? 1),
    startupMs: POOL_MODES.includes(mode) ? 30 : 0,
    eventLoopDelayP99Ms: o.delay ?? 0,
    results: Array(n).fill(1),
    tasks: Array.from({ length: n }, (_, i) => ({ index: i, worker: i % lanes, queuedMs: 0, startMs: Math.floor(i / lanes) * each, endMs: (Math.floor(i / lanes) + 1) * each, busyMs: each * (o.busyShare ?? 1) })),
    matchesSequential: true,
    ...(o.runQueueMs !== undefined ? { runQueueMs: o.runQueueMs } : {}),
  };
}

const clone = { argsBytes: 40, resultsBytes: 20, cloneMs: 0.01 };
const nodeReq = (file: string, name: string, n = 4): ProfileRequest => ({ file, target: { kind: 'function', name }, tasks: Array(n).fill([1]) });
const profile = (runs: RawRun[], extra: Partial<RawProfile> = {}): RawProfile => ({ cores: 2, maxWorkers: 2, isAsync: false, clone, runs, warnings: [], ...extra });

/** The rule for every verdict: a recommended mode never measured slower than sequential. */
function assertConsistent(r: ProfileResult): void {
  for (const x of r.runs) assert.equal(x.efficiency !== undefined, POOL_MODES.includes(x.mode), `efficiency of ${x.mode}`);
  if (r.inconclusive) {
    assert.equal(r.recommendation.model, INCONCLUSIVE_MODEL);
    assert.ok(r.inconclusive.evidence.length > 0);
    assert.match(r.recommendation.reason, /again/);
    return;
  }
  for (const x of r.runs) assert.ok(x.efficiency === undefined || x.efficiency <= 1.05, `an efficiency of ${x.efficiency} is not a conclusive verdict`);
  const mode = r.recommendation.mode;
  if (mode) {
    const got = Math.max(...r.runs.filter((x) => x.mode === mode).map((x) => x.speedup));
    assert.ok(got >= 1, `recommended ${mode}, which measured ${got}`);
  }
  if (r.limit!.bound === 'cores') assert.ok(r.limitSpeedup <= r.cores + 1e-9, `${r.limit!.text} on ${r.cores} cores`);
}

test('I/O-bound work: the bound is the tasks, not the cores; efficiency only for pools; the delay caption names the pool that delayed most', () => {
  const file = '/src/fetch.ts';
  const r = assembleNode(nodeReq(file, 'fetchLike'), profile(
    [raw('sequential', 1, 201, { each: 50, busyShare: 0.02, delay: 0.5 }), raw('async-concurrent', 1, 50.5, { each: 50, busyShare: 0.02 }), raw('worker-pool', 1, 203, { busyShare: 0.02, delay: 1 }), raw('worker-pool', 2, 102, { busyShare: 0.02, delay: 6 })],
    { isAsync: true },
  ));
  assert.equal(r.classification, 'io-bound');
  assert.equal(r.limit?.bound, 'tasks');
  assert.doesNotMatch(r.limit!.text, /on 2 cores/);
  assert.match(r.limit!.text, /number of tasks|concurrency cap/);
  assert.equal(r.runs.find((x) => x.mode === 'async-concurrent')!.efficiency, undefined);
  assert.equal(r.runs.find((x) => x.mode === 'sequential')!.efficiency, undefined);
  assert.match(r.explain!.mainThreadDelayCaption, /worker-pool run with 2 workers delayed it most/);
  assert.doesNotMatch(r.explain!.mainThreadDelayCaption, /does not block/);
  assert.equal(r.recommendation.mode, 'async-concurrent');
  assertConsistent(r);
});

test('tiny tasks where the pool only adds dispatch are overhead-bound, and the verdict keeps them sequential', () => {
  const n = 2000;
  const r = assembleNode(nodeReq('/src/tiny.js', 'add', n), profile(
    [raw('sequential', 1, 20, { n }), raw('worker-pool', 1, 300, { n, each: 0.01 }), raw('worker-pool', 2, 180, { n, each: 0.01 })],
  ));
  assert.ok(r.dispatchOverheadMs > 0.1, `dispatch ${r.dispatchOverheadMs} ms/task`);
  assert.equal(r.classification, 'overhead-bound');
  assert.equal(r.best.mode, 'sequential');
  assert.notEqual(r.recommendation.mode, 'worker-pool');
  assertConsistent(r);
});

test('a pool run with an efficiency over 100% makes the verdict inconclusive, with the evidence', () => {
  const r = assembleNode(nodeReq('/src/fetch.ts', 'fetchLike'), profile([raw('sequential', 1, 398, { busyShare: 0.9 }), raw('worker-pool', 1, 100), raw('worker-pool', 2, 90)]));
  assert.ok(r.inconclusive, r.recommendation.model);
  assert.ok(r.inconclusive.evidence.some((e) => /efficiency over 100%.*398%/.test(e)), r.inconclusive.evidence.join('\n'));
  assert.equal(r.recommendation.sketch, '');
  assertConsistent(r);
});

test('GIL-bound with the process pool slower than sequential: never recommend it, no limit above the cores, a note on contention', () => {
  const req: ProfileRequest = { file: '/src/crunch.py', target: { kind: 'function', name: 'crunch' }, tasks: Array(4).fill([1]) };
  const r = assemblePython(req, 'crunch', profile(
    [raw('sequential', 1, 2000, { busyShare: 0.75, cpuMs: 1500 }), raw('thread-pool', 1, 2050), raw('thread-pool', 2, 2100), raw('process-pool', 1, 2300), raw('process-pool', 2, 2222, { cpuMs: 4000 })],
    { python: { version: '3.11.7', executable: '/usr/bin/python3', gilDisabled: false } },
  ));
  assert.equal(r.classification, 'gil-bound');
  assert.equal(r.best.mode, 'sequential');
  assert.notEqual(r.recommendation.mode, 'process-pool');
  assert.doesNotMatch(r.recommendation.model, /ProcessPoolExecutor/);
  assert.match(r.recommendation.reason, /0\.90×/);
  assert.equal(r.limit?.bound, 'cores');
  assert.ok(r.limitSpeedup <= 2, r.limit!.text);
  assert.ok(r.warnings.some((w) => /CPU contention.*75%/.test(w)), r.warnings.join('\n'));
  assertConsistent(r);
});

test('a busy machine (run-queue wait) makes a GIL-bound verdict inconclusive instead of a guess', () => {
  const req: ProfileRequest = { file: '/src/crunch.py', target: { kind: 'function', name: 'crunch' }, tasks: Array(4).fill([1]) };
  const r = assemblePython(req, 'crunch', profile(
    [raw('sequential', 1, 2000, { busyShare: 0.7, runQueueMs: 600 }), raw('thread-pool', 1, 2050), raw('thread-pool', 2, 2100), raw('process-pool', 1, 2300), raw('process-pool', 2, 1900)],
    { python: { version: '3.11.7', executable: '/usr/bin/python3', gilDisabled: false } },
  ));
  assert.ok(r.inconclusive);
  assert.ok(r.inconclusive.evidence.some((e) => /run-queue wait.*30%/.test(e)), r.inconclusive.evidence.join('\n'));
  assertConsistent(r);
});

test('a CPU-bound profile that scales keeps its pool, named with the real module path in one module system', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lw-sketch-'));
  try {
    const esm = join(dir, 'pricing.ts');
    writeFileSync(esm, 'export function price(n: number) { return n; }\n');
    const runs = [raw('sequential', 1, 400), raw('worker-pool', 1, 410), raw('worker-pool', 2, 210)];
    const r = assembleNode(nodeReq(esm, 'price'), profile(runs));
    assert.equal(r.classification, 'cpu-bound');
    assert.equal(r.recommendation.mode, 'worker-pool');
    assert.match(r.recommendation.sketch, /from '\.\/pricing'/);
    assert.doesNotMatch(r.recommendation.sketch, /your-module|require/);
    assertConsistent(r);

    const cjs = join(dir, 'pricing.js');
    writeFileSync(cjs, 'function price(n) { return n; }\nmodule.exports = { price };\n');
    const c = assembleNode(nodeReq(cjs, 'price'), profile(runs));
    assert.match(c.recommendation.sketch, /require\('\.\/pricing'\)/);
    assert.doesNotMatch(c.recommendation.sketch, /import |import\.meta|Parameters</);
    assert.deepEqual(sketchModuleOf('/a/b.mjs'), { specifier: './b', esm: true, typescript: false });
    assert.deepEqual(sketchModuleOf('/a/b.cts'), { specifier: './b', esm: false, typescript: true });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the table explains its jargon, with one name for the main-thread delay in both languages', () => {
  const node = assembleNode(nodeReq('/src/a.ts', 'f'), profile([raw('sequential', 1, 400, { delay: 90 }), raw('worker-pool', 1, 410), raw('worker-pool', 2, 210)]));
  const py = assemblePython({ file: '/src/a.py', target: { kind: 'function', name: 'f' }, tasks: Array(4).fill([1]) }, 'f', profile(
    [raw('sequential', 1, 400, { delay: 90 }), raw('thread-pool', 1, 410), raw('thread-pool', 2, 400), raw('process-pool', 1, 420), raw('process-pool', 2, 220)],
    { python: { version: '3.11.7', executable: '/usr/bin/python3', gilDisabled: false } },
  ));
  assert.equal(node.explain!.mainThreadDelayName, py.explain!.mainThreadDelayName);
  assert.match(node.explain!.mainThreadDelay, /event-loop delay/);
  assert.match(node.explain!.workerUtilisation, /utilisation/i);
  assert.match(node.explain!.mainThreadDelayCaption, /sequential run delayed it most/);
  for (const r of [node, py]) assertConsistent(r);
});
