/**
 * Python profiling end to end: the runner under the machine's python3, over
 * test-fixtures/profiler/python/workloads.py. Skipped, and says so, where there is no
 * python3.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { FREE_THREADED_NAMES, findFreeThreadedPython, freeThreadedCandidates, probeFreeThreaded } from '../../server/src/profiler/python/find-free-threaded.js';
import { FREE_THREADED_MODE } from '../../server/src/profiler/python/assemble-python.js';
import { runProfile, ProfileError, type ProfileRequest, type ProfileResult } from '../../server/src/profiler/index.js';
import { toCliJson } from '../../server/src/profiler/cli-json.js';

const file = join(__dirname, '..', '..', '..', 'test-fixtures', 'profiler', 'python', 'workloads.py');
const hasPython = spawnSync('python3', ['--version']).status === 0;
const skip = hasPython ? false : 'python3 is not on PATH';
const req = (name: string, tasks: unknown[][], extra: Partial<ProfileRequest> = {}): ProfileRequest => ({ file, target: { kind: 'function', name }, tasks, maxWorkers: 2, ...extra });

async function failure(r: ProfileRequest): Promise<ProfileError> {
  const e = await runProfile(r).then(() => assert.fail('should fail'), (x: unknown) => x);
  assert.ok(e instanceof ProfileError, String(e));
  return e;
}

test('a naive CPU-bound function is gil-bound: threads ~1×, processes > 1×', { skip }, async (ctx) => {
  const best = (r: ProfileResult, mode: string) => Math.max(...r.runs.filter((x) => x.mode === mode).map((x) => x.speedup));
  // Speedups are timings on a shared 2-core machine: another process on the cores can
  // erase one run's gain, so a run that misses is measured again, up to three times.
  let r = await runProfile(req('naive_sum', Array(4).fill([3_000_000])));
  for (let attempt = 1; attempt < 3 && (r.inconclusive || !(best(r, 'process-pool') > 1 && best(r, 'thread-pool') < 1.3)); attempt++) {
    r = await runProfile(req('naive_sum', Array(4).fill([3_000_000])));
  }
  const summary = r.runs.map((x) => `${x.mode}×${x.workers}: ${x.speedup.toFixed(2)}`).join(', ');
  assert.equal(r.language, 'python');
  // A verdict that says the machine was too busy to tell, with its evidence, is an honest answer.
  if (r.inconclusive) {
    assert.ok(r.inconclusive.evidence.length > 0);
    ctx.skip(`inconclusive: ${r.inconclusive.evidence.join('; ')}: ${summary}`);
    return;
  }
  assert.equal(r.classification, 'gil-bound', summary);
  const bestOf = (mode: string) => best(r, mode);
  assert.ok(bestOf('thread-pool') < 1.3, summary);
  // Other processes holding the cores (measured as run-queue wait) leave no room for a speedup to show.
  const seqRun = r.runs[0];
  if (!(bestOf('process-pool') > 1) && (seqRun.runQueueMs ?? 0) > 0.1 * seqRun.wallMs) {
    ctx.skip(`the machine is busy (waited ${seqRun.runQueueMs?.toFixed(0)} ms for a core in a ${seqRun.wallMs.toFixed(0)} ms run): ${summary}`);
    return;
  }
  assert.ok(bestOf('process-pool') > 1, summary);
  if (r.classification === 'gil-bound' && !process.env.PATH?.split(delimiter).some((d) => FREE_THREADED_NAMES.some((n) => existsSync(join(d, n))))) {
    assert.ok(r.warnings.some((w) => /No free-threaded Python .* was found/.test(w)), r.warnings.join('\n'));
  }
  assert.match(r.recommendation.sketch, /ProcessPoolExecutor/);
  assert.match(r.recommendation.reason, /GIL/);
  assert.ok(r.runs.every((x) => x.matchesSequential));
  // Busy is time.thread_time: near the elapsed time, less what other processes took (run-queue wait).
  const seq = r.runs[0];
  const busy = seq.tasks.reduce((a, t) => a + t.busyMs, 0);
  const elapsed = seq.tasks.reduce((a, t) => a + t.endMs - t.startMs, 0);
  assert.ok(busy > 0.7 * (elapsed - (seq.runQueueMs ?? 0)), `busy ${busy}, elapsed ${elapsed}, run queue ${seq.runQueueMs}`);
});

test('a function that sleeps is io-bound', { skip }, async () => {
  const r = await runProfile(req('sleepy', Array(4).fill([50])));
  assert.equal(r.classification, 'io-bound');
  assert.ok(r.runs[0].tasks.every((t) => t.busyMs < 10), 'sleeping uses no CPU');
  // `loopwise profile --format json` says which interpreter ran it.
  const json = toCliJson(r) as { python?: { version: string; executable: string; gilDisabled: boolean } };
  assert.match(json.python?.version ?? '', /^3\.\d+/);
  assert.equal(json.python?.gilDisabled, false);
  if (!process.env.PATH?.split(delimiter).some((d) => FREE_THREADED_NAMES.some((n) => existsSync(join(d, n))))) {
    // The note about a missing free-threaded Python belongs only to GIL-bound work.
    assert.ok(!r.warnings.some((w) => /No free-threaded Python/.test(w)), r.warnings.join('\n'));
    assert.ok(!r.runs.some((x) => x.mode === FREE_THREADED_MODE));
  }
});

/** A folder with stub interpreters: each answers the probe with `probe` and runs anything else with the real python3. */
function stubDir(stubs: Record<string, string | null>): string {
  const dir = mkdtempSync(join(tmpdir(), 'loopwise-ft-'));
  for (const [name, probe] of Object.entries(stubs)) {
    const p = join(dir, name);
    writeFileSync(p, probe === null ? 'not a program\n' : `#!/bin/sh\nif [ "$1" = "-c" ]; then echo '${probe}'; exit 0; fi\nexec python3 "$@"\n`);
    if (probe !== null) chmodSync(p, 0o755);
  }
  return dir;
}

test('free-threaded detection: probes candidates beside the interpreter and on PATH', async () => {
  const yes = '{"build": true, "gil": false, "version": "3.13.1"}';
  const gilOn = '{"build": true, "gil": true, "version": "3.14.0"}';
  const dir = stubDir({ 'python3.14t': gilOn, 'python3.13t': yes, 'python3.12': yes, 'python3t': null });
  const empty = mkdtempSync(join(tmpdir(), 'loopwise-ft-'));
  try {
    // Non-executable python3t is no candidate; python3.12 is not a free-threaded name.
    assert.deepEqual(freeThreadedCandidates('python3', `${empty}${delimiter}${dir}`), [join(dir, 'python3.14t'), join(dir, 'python3.13t')]);
    // The selected interpreter's folder comes first, even when it is not on PATH.
    assert.deepEqual(freeThreadedCandidates(join(dir, 'python3'), empty), [join(dir, 'python3.14t'), join(dir, 'python3.13t')]);
    // 3.14t has the GIL switched on, so 3.13t is the one.
    assert.deepEqual(await findFreeThreadedPython('python3', `${empty}${delimiter}${dir}`), { executable: join(dir, 'python3.13t'), version: '3.13.1' });
    assert.equal(await findFreeThreadedPython('python3', empty), null);
    assert.equal(await probeFreeThreaded(join(dir, 'python3.14t')), null);
    assert.equal(await probeFreeThreaded(join(empty, 'missing')), null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(empty, { recursive: true, force: true });
  }
});

test('a free-threaded interpreter on PATH adds a thread-pool-free-threaded run', { skip }, async () => {
  // The stub claims to be free-threaded but runs this machine's python3, which has the
  // GIL: the run is added and the result says the GIL was on while it ran.
  const dir = stubDir({ 'python3.13t': '{"build": true, "gil": false, "version": "3.13.1"}' });
  const saved = process.env.PATH;
  process.env.PATH = `${dir}${delimiter}${saved}`;
  try {
    const r = await runProfile(req('sleepy', Array(4).fill([20])));
    const ft = r.runs.filter((x) => x.mode === FREE_THREADED_MODE);
    assert.equal(ft.length, 1);
    assert.equal(ft[0].workers, 2);
    assert.deepEqual(ft[0].results, [20, 20, 20, 20]);
    assert.ok(ft[0].matchesSequential);
    const seq = r.runs[0];
    assert.ok(Math.abs(ft[0].speedup - seq.wallMs / ft[0].wallMs) < 1e-9);
    assert.ok(ft[0].speedup > 1.3, `4 sleeps of 20 ms on 2 threads: ${ft[0].speedup}`);
    assert.ok(r.warnings.some((w) => w.includes(join(dir, 'python3.13t')) && /GIL was enabled/.test(w)), r.warnings.join('\n'));
    assert.ok(r.warnings.some((w) => /^Free-threaded run under .*a thread pool of 2 ran/.test(w)), r.warnings.join('\n'));
    assert.ok(!r.warnings.some((w) => /No free-threaded Python/.test(w)));
  } finally {
    process.env.PATH = saved;
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an async def is io-bound with asyncio-gather best', { skip }, async () => {
  const r = await runProfile(req('async_sleepy', Array(6).fill([50])));
  assert.equal(r.classification, 'io-bound');
  assert.equal(r.best.mode, 'asyncio-gather');
  assert.deepEqual(r.runs.find((x) => x.mode === 'asyncio-gather')!.results, [50, 50, 50, 50, 50, 50]);
});

test('an exception carries the Python traceback', { skip }, async () => {
  const e = await failure(req('fails', [[1], [2]]));
  assert.equal(e.failure.kind, 'task-error');
  assert.match(e.message, /Task 1 failed in the sequential run: ValueError: bad input 2/);
  assert.match(e.failure.stack!, /workloads\.py", line \d+, in fails/);
});

test('failures end cleanly: infinite loop, SystemExit, memory bomb, a dying worker process', { skip }, async () => {
  const loop = await failure(req('spins_forever', [[]], { timeoutSeconds: 2 }));
  assert.equal(loop.failure.kind, 'timeout');
  assert.equal((await failure(req('exits', [[4]]))).failure.kind, 'process-exit');
  const oom = await failure(req('hoards', [[]], { memoryLimitMb: 200, timeoutSeconds: 20 }));
  assert.equal(oom.failure.kind, 'out-of-memory', oom.message);
  const dead = await failure(req('kills_worker', [[1], [2]], { timeoutSeconds: 20 }));
  assert.equal(dead.failure.kind, 'crashed');
  assert.match(dead.message, /process-pool run .*worker process died/);
  const ok = await runProfile(req('fails', [[0], [1]], { maxWorkers: 1 }));
  assert.deepEqual(ok.runs[0].results, [0, 1]);
});

test('a missing interpreter is a clear error', async () => {
  const e = await failure(req('sleepy', [[1]], { pythonPath: '/nonexistent/python3' }));
  assert.equal(e.failure.kind, 'crashed');
  assert.match(e.message, /Could not start the Python interpreter/);
});
