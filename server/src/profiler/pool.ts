/**
 * The built-in worker pool. It is small on purpose: one task in flight per worker, a
 * FIFO queue, and a compact array message per task, so that its dispatch cost stays
 * at or below piscina's (test/bench/profiler-bench.mjs measures both in one run).
 * It records, for every task, which worker ran it, when it was submitted, started and
 * ended, and the worker thread's CPU time while it ran.
 */
import { Worker, parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { createThreadClock, nowAbs } from './thread-clock';
import { describeError, guardProcessExit, isThenable, loadTarget, type TargetFn } from './load-target';
import type { WorkerStats } from './types';

export interface PoolOptions {
  /** Script that calls `servePoolWorker()` when it is not the main thread. */
  script: string;
  bundlePath: string;
  size: number;
  memoryLimitMb?: number;
}

export interface TaskOutcome {
  value: unknown;
  worker: number;
  submitted: number;
  start: number;
  end: number;
  busyMs: number;
}

/** A task failure inside a worker, or the worker dying under it. */
export class PoolTaskError extends Error {
  constructor(
    message: string,
    readonly kind: 'task-error' | 'out-of-memory' | 'process-exit' | 'crashed',
    readonly userStack?: string,
    readonly worker?: number,
  ) {
    super(message);
    this.name = 'PoolTaskError';
  }
}

interface Pending {
  args: unknown[];
  submitted: number;
  resolve: (o: TaskOutcome) => void;
  reject: (e: Error) => void;
}

interface Slot {
  id: number;
  worker: Worker;
  /** Counts messages posted to the worker; it waits on this instead of on its event loop. */
  posted: Int32Array;
  /** Tasks sent and not yet answered, oldest first: one, or two when tasks are short. */
  inflight: Pending[];
  /** How long the worker's last task ran, in ms. */
  lastTaskMs: number;
  statsWaiter: ((s: WorkerStats) => void) | null;
}

/**
 * Below this task length a worker gets its next task before it finishes the current
 * one, so it never sits idle for a round trip. Longer tasks get one at a time, which
 * keeps the load balanced: a prefetched task can wait behind at most one short task.
 */
const PREFETCH_BELOW_MS = 0.25;

function depthOf(slot: Slot): number {
  return slot.lastTaskMs < PREFETCH_BELOW_MS ? 2 : 1;
}

type DoneMessage = [index: number, ok: 0 | 1, value: unknown, start: number, end: number, busy: number];

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly idle: Slot[] = [];
  private readonly queue: Pending[] = [];
  private queueHead = 0;
  private broken: PoolTaskError | null = null;
  private closing = false;

  private constructor() {}

  /** Starts `size` workers and resolves when each has loaded the module. */
  static async start(opts: PoolOptions): Promise<WorkerPool> {
    const pool = new WorkerPool();
    const ready: Promise<void>[] = [];
    for (let id = 0; id < opts.size; id++) {
      const posted = new Int32Array(new SharedArrayBuffer(4));
      const worker = new Worker(opts.script, {
        workerData: { loopwisePoolWorker: true, bundlePath: opts.bundlePath, id, posted },
        resourceLimits: opts.memoryLimitMb ? { maxOldGenerationSizeMb: opts.memoryLimitMb } : undefined,
        stdout: false,
        stderr: false,
      });
      const slot: Slot = { id, worker, posted, inflight: [], lastTaskMs: Infinity, statsWaiter: null };
      pool.slots.push(slot);
      ready.push(
        new Promise<void>((resolve, reject) => {
          const onFirst = (m: unknown) => {
            worker.off('error', onEarlyError);
            const msg = m as { ready?: 1; loadError?: ReturnType<typeof describeError> };
            if (msg.ready) {
              worker.on('message', (x: unknown) => pool.onMessage(slot, x));
              pool.idle.push(slot);
              resolve();
            } else {
              const err = msg.loadError;
              reject(new PoolTaskError(`The module's top-level code threw in worker ${id}: ${err?.message}`, 'task-error', err?.stack, id));
            }
          };
          const onEarlyError = (e: Error) => reject(pool.classify(e, id));
          worker.once('message', onFirst);
          worker.once('error', onEarlyError);
        }),
      );
      worker.on('error', (e) => pool.fail(pool.classify(e, id)));
      worker.on('exit', (code) => {
        if (!pool.closing) pool.fail(new PoolTaskError(`Worker ${id} exited with code ${code} in the middle of a run.`, 'process-exit', undefined, id));
      });
    }
    try {
      await Promise.all(ready);
    } catch (e) {
      await pool.destroy();
      throw e;
    }
    return pool;
  }

  get size(): number {
    return this.slots.length;
  }

  /** Queues one task; resolves with its value and timings. */
  submit(args: unknown[]): Promise<TaskOutcome> {
    if (this.broken) return Promise.reject(this.broken);
    return new Promise<TaskOutcome>((resolve, reject) => {
      const p: Pending = { args, submitted: nowAbs(), resolve, reject };
      const slot = this.idle.pop() ?? this.slots.find((x) => x.inflight.length < depthOf(x));
      if (slot) this.dispatch(slot, p);
      else this.queue.push(p);
    });
  }

  /** Tasks submitted but not finished, for the timeout report. */
  inFlight(): number {
    return this.slots.reduce((n, s) => n + s.inflight.length, 0) + (this.queue.length - this.queueHead);
  }

  /** Asks every worker for its event-loop utilisation and thread CPU since its first task. */
  async stats(): Promise<WorkerStats[]> {
    return Promise.all(
      this.slots.map(
        (slot) =>
          new Promise<WorkerStats>((resolve) => {
            slot.statsWaiter = resolve;
            this.post(slot, 'stats');
          }),
      ),
    );
  }

  async destroy(): Promise<void> {
    this.closing = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate().catch(() => undefined)));
  }

  private dispatch(slot: Slot, p: Pending): void {
    slot.inflight.push(p);
    this.post(slot, p.args);
  }

  private post(slot: Slot, m: unknown): void {
    slot.worker.postMessage(m);
    Atomics.add(slot.posted, 0, 1);
    Atomics.notify(slot.posted, 0, 1);
  }

  private onMessage(slot: Slot, m: unknown): void {
    if (!Array.isArray(m)) {
      const waiter = slot.statsWaiter;
      slot.statsWaiter = null;
      waiter?.({ ...(m as Omit<WorkerStats, 'worker'>), worker: slot.id });
      return;
    }
    const [, ok, value, start, end, busy] = m as DoneMessage;
    const p = slot.inflight.shift()!;
    slot.lastTaskMs = end - start;
    const depth = depthOf(slot);
    while (slot.inflight.length < depth && this.queueHead < this.queue.length) {
      const next = this.queue[this.queueHead];
      this.queue[this.queueHead++] = undefined as unknown as Pending;
      if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) {
        this.queue.splice(0, this.queueHead);
        this.queueHead = 0;
      }
      this.dispatch(slot, next);
    }
    if (slot.inflight.length === 0) this.idle.push(slot);
    if (ok) {
      p.resolve({ value, worker: slot.id, submitted: p.submitted, start, end, busyMs: busy });
    } else {
      const err = value as ReturnType<typeof describeError>;
      const kind = err.name === 'TaskExitError' ? 'process-exit' : 'task-error';
      p.reject(new PoolTaskError(err.message, kind, err.stack, slot.id));
    }
  }

  private classify(e: Error, id: number): PoolTaskError {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
      return new PoolTaskError(`Worker ${id} ran out of memory (its heap limit was reached).`, 'out-of-memory', e.stack, id);
    }
    return new PoolTaskError(`Worker ${id} failed outside a task: ${e.message}`, 'crashed', e.stack, id);
  }

  private fail(err: PoolTaskError): void {
    if (this.broken || this.closing) return;
    this.broken = err;
    for (const s of this.slots) {
      for (const p of s.inflight) p.reject(err);
      s.inflight.length = 0;
    }
    for (let i = this.queueHead; i < this.queue.length; i++) this.queue[i].reject(err);
    this.queue.length = 0;
    this.queueHead = 0;
  }
}

/**
 * After a task, a worker waits this long on the shared counter for the next one before
 * going back to its event loop. A futex wake-up is quicker than the event loop's, which
 * is what keeps per-task dispatch cheap; the wait is short so that it barely shows in
 * the worker's event-loop utilisation and never starves user timers.
 */
const NEXT_TASK_WAIT_MS = 1;

/** The worker side: load the module once, then run tasks one at a time. */
export function servePoolWorker(): void {
  const port = parentPort!;
  const data = workerData as { bundlePath: string; id: number; posted: Int32Array };
  process.setSourceMapsEnabled(true);
  guardProcessExit();
  let fn: TargetFn;
  try {
    fn = loadTarget(data.bundlePath);
  } catch (e) {
    port.postMessage({ loadError: describeError(e) });
    return;
  }
  const posted = data.posted;
  const clock = createThreadClock();
  let eluBase: ReturnType<typeof performance.eventLoopUtilization> | null = null;
  let cpuBase: number | null = null;
  let count = 0;
  let index = 0;

  type Elu = ReturnType<typeof performance.eventLoopUtilization>;
  // Busy time is the event loop's active time over the task: exact to the microsecond,
  // unlike the thread CPU clock that Node 20 can reach (/proc schedstat moves only on
  // scheduler ticks). It counts time blocked in synchronous calls, which blocks a thread all the same.
  const finish = (i: number, start: number, elu0: Elu, ok: 0 | 1, value: unknown): void => {
    const end = nowAbs();
    const busy = performance.eventLoopUtilization(elu0).active;
    try {
      port.postMessage([i, ok, value, start, end, busy]);
    } catch (e) {
      port.postMessage([i, 0, describeError(new Error(`Task ${i}'s result cannot be sent between threads: ${(e as Error).message}`)), start, end, busy]);
    }
  };

  /** Handles one message; true when it finished synchronously. */
  const handle = (m: unknown): boolean => {
    if (m === 'stats') {
      const elu = eluBase ? performance.eventLoopUtilization(eluBase).utilization : 0;
      const cpu = clock();
      port.postMessage({ elu, cpuMs: cpu !== null && cpuBase !== null ? cpu - cpuBase : null, tasks: count });
      return true;
    }
    const args = m as unknown[];
    const i = index++;
    count++;
    if (!eluBase) {
      eluBase = performance.eventLoopUtilization();
      cpuBase = clock();
    }
    const start = nowAbs();
    const cpu0 = performance.eventLoopUtilization();
    let r: unknown;
    try {
      r = fn(...args);
    } catch (e) {
      finish(i, start, cpu0, 0, describeError(e));
      return true;
    }
    if (isThenable(r)) {
      Promise.resolve(r).then(
        (v) => {
          finish(i, start, cpu0, 1, v);
          drain();
        },
        (e) => {
          finish(i, start, cpu0, 0, describeError(e));
          drain();
        },
      );
      return false;
    }
    finish(i, start, cpu0, 1, r);
    return true;
  };

  /** Takes the next messages straight off the port while they keep coming. */
  const drain = (): void => {
    for (;;) {
      const seen = Atomics.load(posted, 0);
      let next = receiveMessageOnPort(port);
      if (!next) {
        Atomics.wait(posted, 0, seen, NEXT_TASK_WAIT_MS);
        next = receiveMessageOnPort(port);
      }
      if (!next || !handle(next.message)) return;
    }
  };

  port.on('message', (m: unknown) => {
    if (handle(m)) drain();
  });
  port.postMessage({ ready: 1 });
}
