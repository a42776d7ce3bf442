/**
 * Python's half of the engine's assembly: the verdict over the runner's raw runs
 * (verdict-python.ts), and the free-threaded pass's run and notes added to it.
 */
import { classifyPython, recommendPython } from '../verdict-python';
import { assembleCommon } from '../assemble';
import type { ProfileFailure, ProfileRequest, ProfileResult, RawProfile, RunMode } from '../types';
import { ProfileError } from '../types';
import { FREE_THREADED_NAMES } from './find-free-threaded';
import { BUSY_RUN_QUEUE_SHARE } from '../thresholds';
import { checkVerdict, contentionNote, type VerdictLanguage } from '../verdict-checks';
import type { Recommendation } from '../types';

const x2 = (n: number) => `${n.toFixed(2)}×`;

export const PYTHON_VERDICT: VerdictLanguage = {
  sequentialAdvice: (rec: Recommendation, speedup: number): Recommendation => {
    const name = /map\((\w+)/.exec(rec.sketch)?.[1] ?? /await (\w+)\(/.exec(rec.sketch)?.[1] ?? 'task';
    const why = rec.mode === 'process-pool'
      ? `Processes sidestep the GIL, but here the process pool measured ${x2(speedup)}, slower than sequential: starting processes and pickling the arguments and results cost more than these tasks' work.`
      : `This kind of work usually calls for ${rec.model}, but here the ${rec.mode} measured ${x2(speedup)}, slower than sequential.`;
    return {
      model: 'stay sequential',
      mode: 'sequential',
      reason: `${why} Keep it sequential, or send each worker many calls at once (chunksize), and profile again with larger inputs.`,
      sketch: rec.mode === 'asyncio-gather' ? `results = [await ${name}(*args) for args in tasks]` : `results = [${name}(*args) for args in tasks]`,
    };
  },
  explanations: () => ({
    mainThreadDelayName: 'main-thread delay p99',
    mainThreadDelay: "How late a thread in the profiler's main process that sleeps 10 ms at a time wakes, 99th percentile, less the 10 ms: the wait any thread there has for the GIL and a core. Threads running Python bytecode (holding the GIL) raise it; worker processes do not.",
    workerUtilisationName: 'worker utilisation',
    workerUtilisation: "The share of the run each pool worker (thread or process) spent running tasks, from the tasks' start and end times. One figure per worker.",
  }),
  delayMeasures: 'How late a 10 ms ticker thread in the profiler\'s main process woke',
};

/** The runner's raw result (kept under this name for the tests that build one). */
export type RunnerResult = RawProfile;

/** The run of a thread pool under a free-threaded interpreter found beside the selected one. */
export const FREE_THREADED_MODE: RunMode = 'thread-pool-free-threaded';

/** Why there is no free-threaded run when none was found; `gilOn` are the free-threaded builds that had the GIL on. */
export function noFreeThreadedNote(gilOn: { executable: string; version: string }[]): string {
  if (!gilOn.length) {
    return `No free-threaded Python (${FREE_THREADED_NAMES.join(', ')}, built with Py_GIL_DISABLED and running without the GIL) was found beside the selected interpreter or on PATH, so there is no thread-pool run without the GIL.`;
  }
  const which = gilOn.map((c) => `${c.executable} (${c.version})`).join(', ');
  return `${which} ${gilOn.length > 1 ? 'are free-threaded builds' : 'is a free-threaded build'}, but the GIL was on when asked (PYTHON_GIL=1 in the environment?), so there is no thread-pool run without the GIL.`;
}

/** Why there is no free-threaded run, when its pass failed after the main runs succeeded. */
export function freeThreadedFailureNote(executable: string, version: string, e: unknown, budgetSeconds: number): string {
  const head = `The free-threaded pass under ${executable} (${version}) did not finish, so there is no ${FREE_THREADED_MODE} run`;
  if (!(e instanceof ProfileError)) return `${head}: ${e instanceof Error ? e.message : String(e)}`;
  const f = e.failure;
  if (f.kind === 'timeout') return `${head}: it ran out of the ${budgetSeconds.toFixed(0)} s left of the profile's timeout${f.mode ? ` during its ${f.mode} run` : ''}. Raise the timeout to see it.`;
  const first = f.message.split('\n')[0];
  // Packages installed for the selected interpreter (a venv's site-packages) are not
  // visible to another interpreter.
  const missing = /ModuleNotFoundError: No module named '([^']+)'/.exec(`${f.message}\n${f.stack ?? ''}`);
  if (missing) return `${head}: ${first} The module '${missing[1]}' is not installed for ${executable}; packages of the selected interpreter are not visible to it.`;
  return `${head}: ${first}`;
}

/** Adds the thread-pool run of the free-threaded pass, its speedup taken against the sequential run under the GIL. */
export function addFreeThreadedRun(result: ProfileResult, ft: RunnerResult, executable: string): void {
  const seq = result.runs.find((r) => r.mode === 'sequential')!;
  const raw = ft.runs.find((r) => r.mode === 'thread-pool');
  const ftSeq = ft.runs.find((r) => r.mode === 'sequential');
  if (!raw || !ftSeq) return;
  // The pool's own wait for cores, added up over its tasks; the runner's, not the result's.
  const { taskRunQueueMs, ...pool } = raw;
  const speedup = seq.wallMs / pool.wallMs;
  const ownSpeedup = ftSeq.wallMs / pool.wallMs;
  result.runs.push({ ...pool, mode: FREE_THREADED_MODE, speedup, efficiency: speedup / pool.workers });
  if (pool.wallMs < result.best.wallMs) result.best = { mode: FREE_THREADED_MODE, workers: pool.workers, wallMs: pool.wallMs, speedup };
  // The path found, not sys.executable, which a wrapper script or symlink hides.
  const who = `${executable} (${ft.python!.version})`;
  if (!ft.python!.gilDisabled) {
    result.warnings.push(`${who} is a free-threaded build, but the GIL was enabled while the profile ran (PYTHON_GIL=1, or a module that does not declare free-threading support), so the ${FREE_THREADED_MODE} run had the GIL.`);
  }
  result.warnings.push(
    `Free-threaded run under ${who}: a thread pool of ${pool.workers} ran ${speedup.toFixed(2)}× as fast as the sequential run under the GIL, ${ownSpeedup.toFixed(2)}× its own sequential run; sequential under ${ft.python!.version} took ${ftSeq.wallMs.toFixed(1)} ms against ${seq.wallMs.toFixed(1)} ms under ${result.python ? `${result.python.version} with the GIL` : 'the selected interpreter'}.`,
  );
  // The two passes ran at different times: a core taken by another process in either one
  // skews the comparison. The run-queue wait of each sequential run shows it, and the
  // pool's tasks' wait shows whether the pool had the cores it needed to scale.
  const waited = [seq, ftSeq].map((r) => (r.runQueueMs ?? 0) / Math.max(1e-9, r.wallMs));
  const taskElapsed = pool.tasks.reduce((a, t) => a + (t.endMs - t.startMs), 0);
  const poolWaited = taskRunQueueMs !== undefined && taskElapsed > 0 ? taskRunQueueMs / taskElapsed : 0;
  const busy = Math.max(...waited, poolWaited) > BUSY_RUN_QUEUE_SHARE;
  if (busy) {
    const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
    result.warnings.push(
      `Other processes held the cores while the free-threaded comparison ran (the sequential run under the GIL waited ${pct(waited[0])} of its time for a core, the one under ${ft.python!.version} ${pct(waited[1])}, the tasks of its thread pool ${pct(poolWaited)}), so the ${FREE_THREADED_MODE} speedup is not what an idle machine gives; profile again when it is quieter.`,
    );
  }
  // The verdict stays about the selected interpreter; its reason says what was measured.
  if (result.classification === 'gil-bound') {
    const bestProcess = Math.max(0, ...result.runs.filter((r) => r.mode === 'process-pool').map((r) => r.speedup));
    result.recommendation = recommendPython(result.classification, result.function, result.isAsync, pool.workers, {
      freeThreaded: { version: ft.python!.version, workers: pool.workers, speedup, ownSpeedup, gilDisabled: ft.python!.gilDisabled, bestProcess, busy },
    });
  }
  checkVerdict(result, PYTHON_VERDICT);
  if (!pool.matchesSequential) result.warnings.unshift(`The ${FREE_THREADED_MODE} run with ${pool.workers} workers returned different results than its sequential run for tasks ${pool.mismatchedTasks?.join(', ')}: without the GIL, hidden shared state races.`);
}

export function assemblePython(req: ProfileRequest, name: string, m: RawProfile): ProfileResult {
  const c = assembleCommon(m, ['process-pool', 'thread-pool']);
  const gilDisabled = m.python!.gilDisabled;
  const classification = classifyPython(c.runs, m.clone, m.maxWorkers, c.dispatchOverheadMs, gilDisabled);
  const bestThread = Math.max(0, ...c.runs.filter((r) => r.mode === 'thread-pool').map((r) => r.speedup));
  const result: ProfileResult = {
    language: 'python',
    function: name,
    file: req.file,
    tasks: req.tasks.length,
    classification,
    recommendation: recommendPython(classification, name, m.isAsync, m.maxWorkers, { gilDisabled, bestThread }),
    best: { mode: c.best.mode, workers: c.best.workers, wallMs: c.best.wallMs, speedup: c.best.speedup },
    limitSpeedup: c.limitSpeedup,
    runs: c.runs,
    cores: m.cores,
    clone: m.clone,
    dispatchOverheadMs: c.dispatchOverheadMs,
    isAsync: m.isAsync,
    warnings: c.warnings,
    startedAt: new Date().toISOString(),
    python: m.python,
  };
  const note = contentionNote(result);
  if (note) result.warnings.push(note);
  checkVerdict(result, PYTHON_VERDICT);
  return result;
}
