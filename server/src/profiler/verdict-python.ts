/**
 * The verdict for Python runs. It adds `gil-bound`: the tasks compute (busy ≈ wall) but
 * a thread pool gives no speed-up, because the GIL lets one thread run Python bytecode
 * at a time, while processes do scale.
 */
import {
  CLEARLY_FASTER, CLONE_MIN_BYTES_PER_TASK, CLONE_MIN_MS_PER_TASK, CLONE_SHARE_OF_TASK, COMPUTING_CPU_SHARE, MAX_RUN_QUEUE_DISCOUNT,
  OVERHEAD_MIN_CPU_SHARE, OVERHEAD_MIN_TASK_MS, SCALES_SPEEDUP, WAITING_CPU_SHARE,
} from './thresholds';
import type { Classification, CloneCost, Recommendation, RunResult } from './types';

export interface PythonFacts {
  cpuShare: number;
  meanTaskMs: number;
  clonePerTaskMs: number;
  bestThread: number;
  bestProcess: number;
  gather: number | null;
}

export function collectPythonFacts(runs: RunResult[], clone: CloneCost): PythonFacts {
  const seq = runs.find((r) => r.mode === 'sequential')!;
  const n = Math.max(1, seq.tasks.length);
  const busy = seq.tasks.reduce((a, t) => a + t.busyMs, 0);
  const elapsed = seq.tasks.reduce((a, t) => a + (t.endMs - t.startMs), 0);
  const best = (mode: string) => Math.max(0, ...runs.filter((r) => r.mode === mode).map((r) => r.speedup));
  const gather = runs.find((r) => r.mode === 'asyncio-gather');
  // Waiting for a core that another process held is neither computing nor I/O.
  const own = elapsed - Math.min(seq.runQueueMs ?? 0, MAX_RUN_QUEUE_DISCOUNT * elapsed);
  return {
    cpuShare: own > 0 ? Math.min(1, busy / own) : 1,
    meanTaskMs: elapsed / n,
    clonePerTaskMs: clone.cloneMs / n,
    bestThread: best('thread-pool'),
    bestProcess: best('process-pool'),
    gather: gather ? gather.speedup : null,
  };
}

/**
 * `gilDisabled`: the selected interpreter ran without the GIL, so threads that do not scale
 * are not held back by it, and the work is `cpu-bound`, never `gil-bound`.
 */
export function classifyPython(runs: RunResult[], clone: CloneCost, maxWorkers: number, dispatchOverheadMs: number, gilDisabled = false): Classification {
  const f = collectPythonFacts(runs, clone);
  const canScale = maxWorkers > 1 && (runs[0]?.tasks.length ?? 0) > 1;
  const bestPool = Math.max(f.bestThread, f.bestProcess);
  const bytesPerTask = (clone.argsBytes + clone.resultsBytes) / Math.max(1, runs[0]?.tasks.length ?? 1);
  if (bytesPerTask >= CLONE_MIN_BYTES_PER_TASK && f.clonePerTaskMs > CLONE_MIN_MS_PER_TASK && f.clonePerTaskMs >= CLONE_SHARE_OF_TASK * f.meanTaskMs && f.bestProcess < SCALES_SPEEDUP && f.bestThread < SCALES_SPEEDUP) return 'serialization-bound';
  if (bestPool < 1 && f.meanTaskMs < Math.max(OVERHEAD_MIN_TASK_MS, 2 * dispatchOverheadMs) && f.cpuShare >= OVERHEAD_MIN_CPU_SHARE) return 'overhead-bound';
  if (f.cpuShare < WAITING_CPU_SHARE) {
    if ((f.gather ?? 0) >= SCALES_SPEEDUP || f.bestThread >= SCALES_SPEEDUP) return 'io-bound';
    return 'mixed';
  }
  if (f.cpuShare >= COMPUTING_CPU_SHARE) {
    if (f.bestThread >= SCALES_SPEEDUP || !canScale) return 'cpu-bound';
    if (f.bestThread < SCALES_SPEEDUP) return gilDisabled ? 'cpu-bound' : 'gil-bound';
  }
  return 'mixed';
}

/** What the recommendation knows beyond the classification. */
export interface PythonVerdictContext {
  /** The selected interpreter ran without the GIL. */
  gilDisabled?: boolean;
  /** Best thread-pool speedup under the selected interpreter. */
  bestThread?: number;
  /** The thread-pool run under a free-threaded interpreter found beside the selected one. */
  freeThreaded?: { version: string; workers: number; speedup: number; ownSpeedup: number; gilDisabled: boolean; bestProcess: number; busy?: boolean };
}

const x2 = (n: number) => `${n.toFixed(2)}×`;

/** The sentence a `gil-bound` reason ends with: what free-threaded Python did, when it was measured. */
export function freeThreadedSentence(ft: PythonVerdictContext['freeThreaded']): string {
  if (!ft) return '(Free-threaded Python, 3.13t and later, lifts this for threads.)';
  const pool = `a thread pool of ${ft.workers} under free-threaded Python ${ft.version}`;
  if (!ft.gilDisabled) return `The GIL came back on in the run of ${pool} (see the notes), so it measured nothing about free threading.`;
  const vs = `${x2(ft.speedup)} as fast as the sequential run under the GIL (${x2(ft.ownSpeedup)} its own sequential run; processes ${x2(ft.bestProcess)})`;
  if (ft.speedup >= SCALES_SPEEDUP) {
    const than = ft.bestProcess > CLEARLY_FASTER * ft.speedup ? ', though processes did better here' : '';
    return `Measured here, ${pool} ran ${vs}: switching to that interpreter and keeping threads is an alternative to processes${than}.`;
  }
  if (ft.busy) return `Measured here, ${pool} ran only ${vs}, but other processes held the cores (see the notes): profile again on a quieter machine before deciding.`;
  // Its threads can scale and still lose: a free-threaded build runs one thread slower.
  const slower = ft.ownSpeedup >= SCALES_SPEEDUP ? ' its threads scaled, but it runs one thread slower than the interpreter with the GIL, so' : '';
  return `Measured here, ${pool} ran only ${vs}:${slower} switching interpreters ${ft.speedup >= 1 ? 'gained little' : 'did not pay'} in this profile.`;
}

export function recommendPython(cls: Classification, name: string, isAsync: boolean, workers: number, ctx: PythonVerdictContext = {}): Recommendation {
  const processSketch = [
    'from concurrent.futures import ProcessPoolExecutor',
    '',
    'if __name__ == "__main__":  # processes re-import this module',
    `    with ProcessPoolExecutor(max_workers=${workers}) as pool:`,
    `        results = list(pool.map(${name}, *zip(*tasks)))`,
  ].join('\n');
  switch (cls) {
    case 'gil-bound':
      return {
        model: 'ProcessPoolExecutor',
        mode: 'process-pool',
        reason: `The GIL lets only one thread run Python bytecode at a time, so threads give ${name} no speed-up; each process has its own interpreter and GIL. ${freeThreadedSentence(ctx.freeThreaded)}`,
        sketch: processSketch,
      };
    case 'cpu-bound':
      if (ctx.gilDisabled && (ctx.bestThread ?? 0) < SCALES_SPEEDUP) {
        // No GIL to blame: threads contend on something else (shared objects, locks) or
        // the machine's cores were taken.
        return {
          model: 'ProcessPoolExecutor',
          mode: 'process-pool',
          reason: `${name} computes, and this interpreter runs without the GIL, yet its threads gave no speed-up (shared objects or locks they contend on, or cores taken by other processes); processes share nothing.`,
          sketch: processSketch,
        };
      }
      return {
        model: 'ThreadPoolExecutor',
        mode: 'thread-pool',
        reason: ctx.gilDisabled
          ? `${name} computes and this interpreter runs without the GIL, so threads run it in parallel and avoid the cost of processes.`
          : `${name} computes and threads do scale here (code that releases the GIL, such as NumPy), so threads avoid the cost of processes.`,
        sketch: ['from concurrent.futures import ThreadPoolExecutor', '', `with ThreadPoolExecutor(max_workers=${workers}) as pool:`, `    results = list(pool.map(${name}, *zip(*tasks)))`].join('\n'),
      };
    case 'io-bound':
      return isAsync
        ? {
            model: 'asyncio.gather with a Semaphore',
            mode: 'asyncio-gather',
            reason: `${name} spends most of its time waiting. Run many at once on one event loop and cap how many are in flight.`,
            sketch: ['import asyncio', '', 'async def run_all(tasks, limit=16):', '    sem = asyncio.Semaphore(limit)', '    async def one(args):', '        async with sem:', `            return await ${name}(*args)`, '    return await asyncio.gather(*(one(a) for a in tasks))', '', 'results = asyncio.run(run_all(tasks))'].join('\n'),
          }
        : {
            model: 'ThreadPoolExecutor',
            mode: 'thread-pool',
            reason: `${name} spends most of its time waiting, and waiting releases the GIL, so threads overlap it cheaply.`,
            sketch: ['from concurrent.futures import ThreadPoolExecutor', '', 'with ThreadPoolExecutor(max_workers=32) as pool:', `    results = list(pool.map(${name}, *zip(*tasks)))`].join('\n'),
          };
    case 'overhead-bound':
      return {
        model: 'batching (chunksize) or stay sequential',
        mode: 'sequential',
        reason: `One call of ${name} is shorter than handing it to a pool. Keep it in one thread, or send many calls per message.`,
        sketch: ['from concurrent.futures import ProcessPoolExecutor', '', 'if __name__ == "__main__":', `    with ProcessPoolExecutor(max_workers=${workers}) as pool:`, `        results = list(pool.map(${name}, *zip(*tasks), chunksize=1000))`].join('\n'),
      };
    case 'serialization-bound':
      return {
        model: 'shared memory instead of pickling',
        reason: `Pickling the arguments and results of ${name} costs as much as the work. Share the data instead of copying it.`,
        sketch: ['from multiprocessing import shared_memory', 'import numpy as np', '', 'shm = shared_memory.SharedMemory(create=True, size=data.nbytes)', 'view = np.ndarray(data.shape, dtype=data.dtype, buffer=shm.buf); view[:] = data', `# pass shm.name and a slice to each task; ${name} attaches with SharedMemory(name=...)`].join('\n'),
      };
    default:
      return {
        model: 'measure per phase',
        reason: `${name} both computes and waits. Overlap the waiting (threads or asyncio) and send the computing to a ProcessPoolExecutor, then profile each part.`,
        sketch: ['inputs = await asyncio.gather(*(fetch(*a) for a in tasks))      # waiting', 'with ProcessPoolExecutor() as pool:', `    results = list(pool.map(${name}, inputs))                   # computing`].join('\n'),
      };
  }
}
