/**
 * One profiling job, inside the host child process: bundle, load, then the runs
 * (sequential, async-concurrent, worker-pool sweep). Every number in the result is
 * measured here (see docs/profiler.md); the engine draws the verdict from them.
 */
import { availableParallelism } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import { deserialize, serialize } from 'node:v8';
import { join } from 'node:path';
import { BundleError, bundleTarget } from './bundle-target';
import { describeError, guardProcessExit, isThenable, loadTarget, TaskExitError, type TargetFn } from './load-target';
import { PoolTaskError, WorkerPool } from './pool';
import { createRunQueueClock, nowAbs } from './thread-clock';
import { describeProcesses, descendantsOf, killTree } from './process-tree';
import type { CloneCost, HostMessage, ProfileFailure, ProfileRequest, RawRun, RunMode, TaskRecord } from './types';

export interface HostState {
  phase: string;
  mode?: RunMode;
  workers?: number;
  inFlight: number[];
}

/** The event-loop delay monitor's sampling period; subtracted from its readings. */
const ELD_RESOLUTION_MS = 10;
/** The sequential run yields to the event loop at most this often, so the monitor sees the blocking. */
const YIELD_EVERY_MS = 2;
/** Results bigger than this (as JSON) are summarised in the output. */
const MAX_RESULT_JSON = 10_000;

class TaskFailure extends Error {
  constructor(readonly failure: ProfileFailure) {
    super(failure.message);
  }
}

function startDelayMonitor() {
  const h = monitorEventLoopDelay({ resolution: ELD_RESOLUTION_MS });
  h.enable();
  return () => {
    h.disable();
    // Each sample is the whole interval between timer ticks, so the period itself is not delay.
    return h.count === 0 ? 0 : Math.max(0, h.percentile(99) / 1e6 - ELD_RESOLUTION_MS);
  };
}

function cpuSince(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

function toJsonSafe(v: unknown): unknown {
  let text: string | undefined;
  try {
    text = JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : typeof x === 'function' ? '[Function]' : x));
  } catch (e) {
    return `[result not shown: ${(e as Error).message}]`;
  }
  if (text === undefined) return null;
  if (text.length > MAX_RESULT_JSON) return `[result of ${text.length} characters as JSON, not shown]`;
  return JSON.parse(text);
}

function taskFailure(e: unknown, mode: RunMode, workers: number, taskIndex: number | undefined, mapStack: (s?: string) => string | undefined): TaskFailure {
  if (e instanceof PoolTaskError) {
    return new TaskFailure({
      kind: e.kind,
      message: taskIndex !== undefined ? `Task ${taskIndex} failed in the ${mode} run (${workers} workers): ${e.message}` : e.message,
      stack: mapStack(e.userStack),
      taskIndex,
      mode,
      workers,
    });
  }
  const d = describeError(e);
  const isExit = e instanceof TaskExitError;
  return new TaskFailure({
    kind: isExit ? 'process-exit' : 'task-error',
    message: `Task ${taskIndex} failed in the ${mode} run: ${d.message}`,
    stack: mapStack(d.stack),
    taskIndex,
    mode,
    workers,
  });
}

async function runSequential(fn: TargetFn, tasks: unknown[][], state: HostState, mapStack: (s?: string) => string | undefined) {
  const records: TaskRecord[] = [];
  const results: unknown[] = [];
  let returnedPromise = false;
  const runQueue = createRunQueueClock();
  const rq0 = runQueue();
  const stopDelay = startDelayMonitor();
  const cpu0 = process.cpuUsage();
  const t0 = nowAbs();
  let lastYield = t0;
  for (let i = 0; i < tasks.length; i++) {
    state.inFlight = [i];
    const start = nowAbs();
    // Event-loop active time, as in the pool's workers (see pool.ts): exact, and 0 while awaiting.
    const elu0 = performance.eventLoopUtilization();
    let value: unknown;
    try {
      value = fn(...tasks[i]);
      if (isThenable(value)) {
        returnedPromise = true;
        value = await value;
      }
    } catch (e) {
      stopDelay();
      throw taskFailure(e, 'sequential', 1, i, mapStack);
    }
    const end = nowAbs();
    const busyMs = performance.eventLoopUtilization(elu0).active;
    results.push(value);
    records.push({ index: i, worker: 0, queuedMs: start - t0, startMs: start - t0, endMs: end - t0, busyMs });
    if (end - lastYield >= YIELD_EVERY_MS) {
      await yieldToLoop();
      lastYield = nowAbs();
    }
  }
  const wallMs = nowAbs() - t0;
  const cpuMs = cpuSince(cpu0);
  const rq1 = runQueue();
  state.inFlight = [];
  return { wallMs, cpuMs, eventLoopDelayP99Ms: stopDelay(), results, records, returnedPromise, runQueueMs: rq0 !== null && rq1 !== null ? rq1 - rq0 : undefined };
}

async function runAsyncConcurrent(fn: TargetFn, tasks: unknown[][], state: HostState, mapStack: (s?: string) => string | undefined) {
  const records: TaskRecord[] = new Array(tasks.length);
  const pending = new Set(tasks.map((_, i) => i));
  state.inFlight = [...pending];
  const stopDelay = startDelayMonitor();
  const cpu0 = process.cpuUsage();
  const t0 = nowAbs();
  const promises = tasks.map(async (args, i) => {
    const start = nowAbs();
    let r: unknown;
    try {
      r = fn(...args);
    } finally {
      // Tasks interleave on one thread, so only the synchronous part is this task's alone.
      records[i] = { index: i, worker: 0, queuedMs: start - t0, startMs: start - t0, endMs: 0, busyMs: nowAbs() - start };
    }
    const v = await r;
    records[i].endMs = nowAbs() - t0;
    pending.delete(i);
    state.inFlight = [...pending];
    return v;
  });
  let results: unknown[];
  try {
    results = await Promise.all(promises);
  } catch (e) {
    stopDelay();
    const failed = await firstRejected(promises);
    throw taskFailure(e, 'async-concurrent', 1, failed, mapStack);
  }
  const wallMs = nowAbs() - t0;
  return { wallMs, cpuMs: cpuSince(cpu0), eventLoopDelayP99Ms: stopDelay(), results, records };
}

async function firstRejected(promises: Promise<unknown>[]): Promise<number | undefined> {
  const settled = await Promise.allSettled(promises);
  const i = settled.findIndex((s) => s.status === 'rejected');
  return i >= 0 ? i : undefined;
}

async function runPool(script: string, bundlePath: string, workers: number, memoryLimitMb: number | undefined, tasks: unknown[][], state: HostState, mapStack: (s?: string) => string | undefined) {
  const s0 = nowAbs();
  let pool: WorkerPool;
  // A timeout while the workers load the module says so, rather than naming no task.
  state.phase = `starting the ${workers}-worker pool`;
  try {
    pool = await WorkerPool.start({ script, bundlePath, size: workers, memoryLimitMb });
  } catch (e) {
    throw taskFailure(e, 'worker-pool', workers, undefined, mapStack);
  } finally {
    state.phase = 'running';
  }
  const startupMs = nowAbs() - s0;
  const pending = new Set(tasks.map((_, i) => i));
  state.inFlight = [...pending];
  let failedIndex: number | undefined;
  try {
    const stopDelay = startDelayMonitor();
    const cpu0 = process.cpuUsage();
    const t0 = nowAbs();
    let outcomes;
    try {
      outcomes = await Promise.all(
        tasks.map((args, i) =>
          pool.submit(args).then(
            (o) => {
              pending.delete(i);
              return o;
            },
            (e) => {
              failedIndex ??= i;
              throw e;
            },
          ),
        ),
      );
    } finally {
      state.inFlight = [...pending];
    }
    const wallMs = nowAbs() - t0;
    const cpuMs = cpuSince(cpu0);
    const eventLoopDelayP99Ms = stopDelay();
    const workerStats = await pool.stats();
    const records: TaskRecord[] = outcomes.map((o, i) => ({
      index: i,
      worker: o.worker,
      queuedMs: Math.max(0, o.start - o.submitted),
      startMs: o.start - t0,
      endMs: o.end - t0,
      busyMs: o.busyMs,
    }));
    return { wallMs, cpuMs, startupMs, eventLoopDelayP99Ms, results: outcomes.map((o) => o.value), records, workerStats };
  } catch (e) {
    throw taskFailure(e, 'worker-pool', workers, failedIndex, mapStack);
  } finally {
    await pool.destroy();
  }
}

function measureClone(tasks: unknown[][], results: unknown[], warnings: string[]): { cost: CloneCost; cloned: unknown[] | null } {
  const t = performance.now();
  let argsBytes = 0;
  let resultsBytes = 0;
  try {
    for (const a of tasks) argsBytes += deserializeLength(a);
  } catch (e) {
    warnings.push(`The task arguments cannot be structured-cloned, so worker threads cannot receive them: ${(e as Error).message}`);
    return { cost: { argsBytes: 0, resultsBytes: 0, cloneMs: 0 }, cloned: null };
  }
  const cloned: unknown[] = [];
  try {
    for (const r of results) {
      const buf = serialize(r);
      resultsBytes += buf.length;
      cloned.push(deserialize(buf));
    }
  } catch (e) {
    warnings.push(`The results cannot be structured-cloned, so worker threads cannot return them: ${(e as Error).message}`);
    return { cost: { argsBytes, resultsBytes: 0, cloneMs: performance.now() - t }, cloned: null };
  }
  return { cost: { argsBytes, resultsBytes, cloneMs: performance.now() - t }, cloned };
}

function deserializeLength(v: unknown): number {
  const buf = serialize(v);
  deserialize(buf);
  return buf.length;
}

export async function runJob(req: ProfileRequest, state: HostState, progress: (m: HostMessage) => void, workDir?: string): Promise<HostMessage> {
  const warnings: string[] = [];
  const cores = availableParallelism();
  const maxWorkers = Math.max(1, Math.min(cores, Math.floor(req.maxWorkers ?? cores)));
  if ((req.maxWorkers ?? cores) > cores) warnings.push(`This machine has ${cores} cores, so the sweep stops at ${cores} workers.`);
  const fail = (error: ProfileFailure): HostMessage => ({ type: 'failure', error });

  state.phase = 'bundling';
  progress({ type: 'progress', message: 'Bundling with esbuild', fraction: 0 });
  let bundled;
  try {
    bundled = await bundleTarget(req.file, req.target, workDir);
  } catch (e) {
    if (e instanceof BundleError) return fail({ kind: 'bundle-error', message: e.message });
    throw e;
  }
  try {
    guardProcessExit();
    state.phase = 'loading';
    let fn: TargetFn;
    try {
      fn = loadTarget(bundled.bundlePath);
    } catch (e) {
      const d = describeError(e);
      return fail({ kind: e instanceof TaskExitError ? 'process-exit' : 'task-error', message: `Loading ${req.file} failed: ${d.message}`, stack: bundled.mapStack(d.stack) });
    }
    const totalRuns = 2 + maxWorkers;
    let done = 0;
    const step = (mode: RunMode, workers: number) => {
      state.phase = 'running';
      state.mode = mode;
      state.workers = workers;
      progress({ type: 'progress', message: mode === 'worker-pool' ? `worker pool, ${workers} worker${workers > 1 ? 's' : ''}` : mode, fraction: done++ / totalRuns, mode, workers });
    };

    step('sequential', 1);
    const seq = await runSequential(fn, req.tasks, state, bundled.mapStack);
    const isAsync = seq.returnedPromise || (req.target.kind === 'snippet' && req.target.isAsync);
    const { cost: clone, cloned } = measureClone(req.tasks, seq.results, warnings);
    const seqResults = cloned ?? seq.results;

    const runs: RawRun[] = [];
    const makeRun = (mode: RunMode, workers: number, r: { wallMs: number; cpuMs: number; eventLoopDelayP99Ms: number; results: unknown[]; records: TaskRecord[] }, startupMs = 0, compareTo = seqResults): RawRun => {
      const mismatched = r.results.map((v, i) => (isDeepStrictEqual(v, compareTo[i]) ? -1 : i)).filter((i) => i >= 0);
      return {
        mode, workers, wallMs: r.wallMs, cpuMs: r.cpuMs, startupMs,
        eventLoopDelayP99Ms: r.eventLoopDelayP99Ms, results: r.results.map(toJsonSafe), tasks: r.records,
        matchesSequential: mismatched.length === 0, ...(mismatched.length ? { mismatchedTasks: mismatched } : {}),
      };
    };
    runs.push({ ...makeRun('sequential', 1, seq, 0, seq.results), ...(seq.runQueueMs !== undefined ? { runQueueMs: seq.runQueueMs } : {}) });

    try {
      if (isAsync) {
        step('async-concurrent', 1);
        runs.push(makeRun('async-concurrent', 1, await runAsyncConcurrent(fn, req.tasks, state, bundled.mapStack), 0, seq.results));
      } else {
        done++;
      }
      if (cloned) {
        for (let w = 1; w <= maxWorkers; w++) {
          step('worker-pool', w);
          const p = await runPool(hostScript(), bundled.bundlePath, w, req.memoryLimitMb, req.tasks, state, bundled.mapStack);
          const run = makeRun('worker-pool', w, { ...p, records: p.records }, p.startupMs);
          run.workerStats = p.workerStats;
          runs.push(run);
        }
      }
    } catch (e) {
      if (e instanceof TaskFailure) return fail(e.failure);
      throw e;
    }
    // Processes the tasks started and left running (esbuild's service is stopped before
    // any task runs, and pool workers are threads, so every one here is the tasks').
    const left = descendantsOf(process.pid);
    const leftovers = describeProcesses(left);
    if (left.length) killTree(process.pid, false);
    progress({ type: 'progress', message: 'done', fraction: 1 });
    return { type: 'result', raw: { cores, maxWorkers, isAsync, clone, runs, warnings, ...(leftovers.length ? { leftovers } : {}) } };
  } catch (e) {
    if (e instanceof TaskFailure) return fail(e.failure);
    throw e;
  } finally {
    bundled.dispose();
  }
}

/** The worker entry: this same code bundled as dist/profiler-host.js, or its tsc output in out/. */
function hostScript(): string {
  return join(__dirname, 'profiler-host.js');
}
