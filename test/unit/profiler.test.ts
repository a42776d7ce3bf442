/**
 * The profiler engine, end to end: each test forks the real host child process over a
 * fixture in test-fixtures/profiler and checks the measured verdict, or that a
 * misbehaving task ends with a clear error inside the timeout and the next profile works.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runProfile, ProfileError, toChromeTrace, type ProfileRequest, type ProfileResult } from '../../server/src/profiler/index.js';

const fixtures = join(__dirname, '..', '..', '..', 'test-fixtures', 'profiler');
const fixture = (name: string) => join(fixtures, name);

/**
 * The profile fails with `kind`. That it fails instead of hanging is what each test's own
 * time-out checks (a generous one: the suite must pass on a loaded machine, so no bound on
 * how long the failure took is asserted).
 */
async function expectFailure(req: ProfileRequest, kind: string, pattern: RegExp): Promise<ProfileError> {
  const err = await runProfile(req).then(
    () => assert.fail('the profile should have failed'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof ProfileError, `expected a ProfileError, got ${String(err)}`);
  assert.equal(err.failure.kind, kind, err.message);
  assert.match(err.message, pattern);
  return err;
}

/** After each failure the engine must still profile normally. */
async function expectHealthy(): Promise<void> {
  const r = await runProfile({ file: fixture('tiny.js'), target: { kind: 'function', name: 'add' }, tasks: [[1, 2], [3, 4]], maxWorkers: 1 });
  assert.deepEqual(r.runs[0].results, [3, 7]);
}

// Only what holds however loaded the machine is: a pool's speedup needs a free core,
// so the speedup itself is `npm run bench`'s (test/bench/profiler-speedup-bench.mjs).
test('a ~100 ms busy loop per task shows CPU-bound evidence, and every run completes with the sequential results', async () => {
  const tasks = Array(4).fill([23_000_000]);
  const r = await runProfile({ file: fixture('cpu-bound.ts'), target: { kind: 'function', name: 'spin' }, tasks, maxWorkers: 2 });
  const seq = r.runs.find((x) => x.mode === 'sequential')!;
  const two = r.runs.find((x) => x.mode === 'worker-pool' && x.workers === 2)!;
  assert.ok(two, 'a 2-worker run was made');
  for (const run of r.runs) assert.equal(run.tasks.length, tasks.length, `${run.mode} ×${run.workers} ran every task`);
  assert.ok(r.runs.every((x) => x.matchesSequential), 'every run returned the sequential results');
  assert.ok(!r.runs.some((x) => x.mode === 'async-concurrent'), 'a sync function gets no async run');
  assert.ok(seq.tasks.every((t) => t.endMs - t.startMs > 30), 'each task should take tens of ms');
  // The CPU share: CPU time over the wall time the run was not waiting for a core.
  const ownWall = seq.wallMs - Math.min(seq.runQueueMs ?? 0, 0.9 * seq.wallMs);
  assert.ok(seq.cpuMs / ownWall > 0.7, `CPU share ${seq.cpuMs.toFixed(0)} ms of ${ownWall.toFixed(0)} ms`);
  // Busy time is the event loop's active time: the whole task for pure computing.
  for (const t of seq.tasks) assert.ok(t.busyMs > 0.7 * (t.endMs - t.startMs), `busy ${t.busyMs} vs elapsed ${t.endMs - t.startMs}`);
  assert.ok(seq.eventLoopDelayP99Ms > 20, `the sequential run blocks the loop: p99 ${seq.eventLoopDelayP99Ms}`);
  // 'cpu-bound' also needs the pool to scale (or to be seen starved); on a busy machine
  // that evidence may be missing and the verdict is 'mixed', never an I/O or overhead verdict.
  assert.ok(r.classification === 'cpu-bound' || r.classification === 'mixed', `classification ${r.classification}`);
  assert.ok(two.startupMs > 0, 'pool start-up is measured apart');
  assert.equal(two.workerStats?.length, 2, 'the pool ran two workers');
});

test('an async function awaiting a timer is io-bound and async-concurrent wins', async () => {
  const tasks = Array.from({ length: 8 }, (_, i) => [i, 50]);
  const r = await runProfile({ file: fixture('io-bound.ts'), target: { kind: 'function', name: 'fetchLike' }, tasks, maxWorkers: 2 });
  assert.equal(r.classification, 'io-bound');
  assert.equal(r.best.mode, 'async-concurrent');
  assert.ok(r.isAsync);
  const asyncRun = r.runs.find((x) => x.mode === 'async-concurrent')!;
  assert.ok(asyncRun.speedup > 3, `async speedup ${asyncRun.speedup}`);
  assert.deepEqual(asyncRun.results, tasks.map(([i]) => `item-${i}`));
  // On a busy machine (a pool run over 100% efficient, a long run-queue wait) the verdict
  // says so, with its evidence, instead of a sketch.
  if (r.inconclusive) assert.ok(r.inconclusive.evidence.length > 0, r.recommendation.reason);
  else assert.match(r.recommendation.sketch, /fetchLike/);
});

// Which class 2,000 one-line tasks land in depends on how busy the machine is (CI saw
// 'cpu-bound' at a load average of 36), so this real run checks that the verdict agrees with
// its own numbers; the classification itself is checked on fixed runs in profiler-verdict.test.ts.
test('tiny tasks: the results are right and the verdict agrees with its own numbers', async () => {
  const tasks = Array.from({ length: 2000 }, (_, i) => [i, i]);
  const r = await runProfile({ file: fixture('tiny.js'), target: { kind: 'function', name: 'add' }, tasks, maxWorkers: 2 });
  for (const run of r.runs) assert.deepEqual(run.results, tasks.map(([a, b]) => a + b), run.mode);
  assert.ok(r.dispatchOverheadMs > 0, 'the pool dispatch per task is measured');
  if (r.classification === 'overhead-bound') assert.ok(r.runs.filter((x) => x.mode === 'worker-pool').every((x) => x.speedup < 1));
  if (r.inconclusive) assert.ok(r.inconclusive.evidence.length > 0, r.recommendation.reason);
  else if (r.recommendation.mode) {
    const got = Math.max(...r.runs.filter((x) => x.mode === r.recommendation.mode).map((x) => x.speedup));
    assert.ok(got >= 1, `recommended ${r.recommendation.mode}, which measured ${got}`);
  }
});

test('results that differ from the sequential run are flagged', async () => {
  const r = await runProfile({ file: fixture('shared-state.mjs'), target: { kind: 'function', name: 'counter' }, tasks: [[1], [2], [3], [4]], maxWorkers: 2 });
  const two = r.runs.find((x) => x.mode === 'worker-pool' && x.workers === 2)!;
  assert.equal(two.matchesSequential, false);
  assert.ok(two.mismatchedTasks!.length > 0);
  assert.match(r.warnings[0], /different results .* hidden shared state/);
});

test('an exception is reported with its stack mapped to the TypeScript source', { timeout: 180_000 }, async () => {
  const err = await expectFailure({ file: fixture('failures.ts'), target: { kind: 'function', name: 'throwsDeep' }, tasks: [[1], [2]] }, 'task-error', /Task 1 failed .*bad input 2/);
  assert.match(err.failure.stack!, /at helper \(.*failures\.ts:25:\d+\)/);
  assert.doesNotMatch(err.failure.stack!, /run-job|profiler-host/);
});

test('a statement snippet runs as a task body, and its stack points at the selection', { timeout: 180_000 }, async () => {
  const r = await runProfile({ file: fixture('tiny.js'), target: { kind: 'snippet', code: 'const s = add(2, 3);\nreturn s;', startLine: 2, isAsync: false }, tasks: [[], []], maxWorkers: 1 });
  assert.deepEqual(r.runs[0].results, [5, 5]);
  const err = await expectFailure({ file: fixture('tiny.js'), target: { kind: 'snippet', code: 'add(1, 1);\nnull.x;', startLine: 2, isAsync: false }, tasks: [[]], maxWorkers: 1 }, 'task-error', /Cannot read properties of null/);
  assert.match(err.failure.stack!, /tiny\.js:4:\d+/);
});

test('an infinite loop times out with a clear error, and the next profile works', { timeout: 180_000 }, async () => {
  // 2 s was not always enough to start the host and bundle at load average 30 on 2 cores.
  await expectFailure({ file: fixture('failures.ts'), target: { kind: 'function', name: 'infiniteLoop' }, tasks: [[]], timeoutSeconds: 6 }, 'timeout', /timed out after 6 s.*stopped answering during the sequential run/);
  await expectHealthy();
});

test('a memory bomb hits the memory limit, and the next profile works', { timeout: 180_000 }, async () => {
  await expectFailure({ file: fixture('failures.ts'), target: { kind: 'function', name: 'memoryBomb' }, tasks: [[]], memoryLimitMb: 96, timeoutSeconds: 20 }, 'out-of-memory', /ran out of memory \(limit 96 MB\)/);
  await expectHealthy();
});

test('process.exit() inside a task fails that task, and the next profile works', { timeout: 180_000 }, async () => {
  const err = await expectFailure({ file: fixture('failures.ts'), target: { kind: 'function', name: 'exitsProcess' }, tasks: [[7]], timeoutSeconds: 10 }, 'process-exit', /process\.exit\(7\)/);
  assert.match(err.failure.stack!, /failures\.ts:13:\d+/);
  await expectHealthy();
});

test('a task that never settles times out naming the task, and the next profile works', { timeout: 180_000 }, async () => {
  await expectFailure({ file: fixture('failures.ts'), target: { kind: 'function', name: 'neverSettles' }, tasks: [[]], timeoutSeconds: 2 }, 'timeout', /task 0 had not settled/);
  await expectHealthy();
});

test('the same failures inside pool workers: exit, memory bomb, never settling', { timeout: 180_000 }, async () => {
  await expectFailure({ file: fixture('failures.ts'), target: { kind: 'function', name: 'exitsInWorker' }, tasks: [[1], [2]], maxWorkers: 1, timeoutSeconds: 10 }, 'process-exit', /worker-pool run .*process\.exit\(3\)/);
  await expectFailure({ file: fixture('failures.ts'), target: { kind: 'function', name: 'bombInWorker' }, tasks: [[1]], maxWorkers: 1, memoryLimitMb: 64, timeoutSeconds: 20 }, 'out-of-memory', /out of memory/);
  // Starting a worker took over 2 s on a loaded 2-core machine; 8 s leaves the pool time to start.
  await expectFailure({ file: fixture('failures.ts'), target: { kind: 'function', name: 'hangsInWorker' }, tasks: [[1], [2]], maxWorkers: 1, timeoutSeconds: 8 }, 'timeout', /worker-pool run with 1 workers, tasks 0, 1 had not settled/);
  await expectHealthy();
});

test('cancel stops the child before its time-out', { timeout: 180_000 }, async () => {
  const ac = new AbortController();
  const p = runProfile({ file: fixture('failures.ts'), target: { kind: 'function', name: 'infiniteLoop' }, tasks: [[]], timeoutSeconds: 30 }, { signal: ac.signal });
  setTimeout(() => ac.abort(), 500);
  // 'cancelled', not the 30 s 'timeout': the cancel stopped it (profiler-cleanup.test.ts
  // checks that no process is left behind).
  const err = await p.then(() => null, (e: ProfileError) => e);
  assert.equal(err?.failure.kind, 'cancelled');
});

test('bad inputs give clear errors, not crashes', { timeout: 180_000 }, async () => {
  await expectFailure({ file: fixture('tiny.js'), target: { kind: 'function', name: 'add' }, tasks: [] }, 'bad-input', /non-empty array/);
  await expectFailure({ file: fixture('missing.ts'), target: { kind: 'function', name: 'x' }, tasks: [[]] }, 'bundle-error', /Cannot read/);
  await expectFailure({ file: fixture('tiny.js'), target: { kind: 'function', name: 'nope' }, tasks: [[]] }, 'task-error', /nope is not defined|not a function/);
});

test('the Chrome trace has one complete event per task and names every worker', () => {
  const result = {
    function: 'f', classification: 'cpu-bound', cores: 2,
    runs: [
      { mode: 'sequential', workers: 1, wallMs: 20, startupMs: 0, tasks: [{ index: 0, worker: 0, queuedMs: 0, startMs: 0, endMs: 10, busyMs: 10 }, { index: 1, worker: 0, queuedMs: 10, startMs: 10, endMs: 20, busyMs: 10 }] },
      { mode: 'worker-pool', workers: 2, wallMs: 10, startupMs: 5, tasks: [{ index: 0, worker: 0, queuedMs: 0, startMs: 0, endMs: 10, busyMs: 10 }, { index: 1, worker: 1, queuedMs: 0, startMs: 0, endMs: 10, busyMs: 10 }] },
    ],
  } as unknown as ProfileResult;
  const trace = toChromeTrace(result);
  const tasks = trace.traceEvents.filter((e) => e.ph === 'X' && e.cat === 'task');
  assert.equal(tasks.length, 4);
  const threads = trace.traceEvents.filter((e) => e.name === 'thread_name').map((e) => e.args!.name);
  assert.deepEqual(threads, ['main thread', 'worker 0', 'worker 1']);
  // The pool run starts after the sequential run and after its own start-up on the shared axis.
  const poolFirst = tasks.find((e) => e.pid === 2)!;
  assert.equal(poolFirst.ts, 20_000 + 10_000 + 5_000);
  assert.equal(poolFirst.dur, 10_000);
});

test('the CLI prints the JSON contract and uses exit codes 0, 1 and 2', async () => {
  const { runProfileCommand } = await import('../../server/src/profiler/cli-profile.js');
  const capture = () => {
    let text = '';
    const stream = { write: (s: string) => ((text += s), true) } as unknown as NodeJS.WritableStream;
    return { stream, text: () => text };
  };
  const ok = capture();
  const code = await runProfileCommand(['profile', fixture('tiny.js'), '--function', 'add', '--args', '[[1,2],[3,4]]', '--workers', '1', '--format', 'json'], ok.stream);
  assert.equal(code, 0);
  const json = JSON.parse(ok.text());
  for (const key of ['language', 'function', 'tasks', 'classification', 'recommendation', 'best', 'limitSpeedup', 'runs']) assert.ok(key in json, key);
  assert.equal(json.language, 'javascript');
  assert.deepEqual(json.runs.map((r: { mode: string }) => r.mode), ['sequential', 'worker-pool']);
  for (const key of ['mode', 'workers', 'wallMs', 'cpuMs', 'speedup', 'efficiency', 'startupMs', 'eventLoopDelayP99Ms', 'results', 'tasks']) assert.ok(key in json.runs[1], key);
  assert.deepEqual(Object.keys(json.runs[1].tasks[0]), ['index', 'worker', 'queuedMs', 'startMs', 'endMs', 'busyMs']);
  assert.deepEqual(json.runs[1].results, [3, 7]);

  const mismatch = capture();
  assert.equal(await runProfileCommand([fixture('shared-state.mjs'), '--function', 'counter', '--args', '[[1],[2],[3]]', '--workers', '2'], mismatch.stream), 1);
  assert.match(mismatch.text(), /WARNING: .*different results/);

  const usage = capture();
  assert.equal(await runProfileCommand([fixture('tiny.js'), '--function', 'add', '--args', '[1,2]'], usage.stream), 2);
  assert.match(usage.text(), /not an argument array/);
  const comment = capture();
  assert.equal(await runProfileCommand([fixture('cpu-bound.ts'), '--function', 'nope'], comment.stream), 2);
  assert.match(comment.text(), /Top-level functions: spin/);
});
