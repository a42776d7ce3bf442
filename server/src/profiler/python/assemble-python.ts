/**
 * Python's half of the engine's assembly: the verdict over the runner's raw runs
 * (verdict-python.ts), and the free-threaded pass's run and notes added to it.
 */
import { classifyPython, recommendPython } from '../verdict-python';
import { assembleCommon, leftoverNote, runName } from '../assemble';
import type { ProfileRequest, ProfileResult, RawEngineRuns, RawProfile, RunMode, RunResult, ScaleOutEngine } from '../types';
import { INCONCLUSIVE_MODEL } from '../verdict-checks';
import { ProfileError, SCALE_OUT_MODES, SCALE_OUT_NAMES } from '../types';
import { FREE_THREADED_NAMES } from './find-free-threaded';
import { BUSY_RUN_QUEUE_SHARE, CLEARLY_FASTER, SCALES_SPEEDUP, SCALE_OUT_WORK_OVER_DISPATCH } from '../thresholds';
import { checkVerdict, contentionNote, type VerdictLanguage } from '../verdict-checks';
import type { Recommendation } from '../types';

const x2 = (n: number) => `${n.toFixed(2)}×`;

export const PYTHON_VERDICT: VerdictLanguage = {
  sequentialAdvice: (rec: Recommendation, speedup: number): Recommendation => {
    const name = /map\((\w+)/.exec(rec.sketch)?.[1] ?? /delayed\((\w+)\)/.exec(rec.sketch)?.[1] ?? /await (\w+)\(/.exec(rec.sketch)?.[1] ?? 'task';
    const why = rec.mode === 'process-pool'
      ? `Processes sidestep the GIL, but here the process pool measured ${x2(speedup)}, slower than sequential: starting processes and pickling the arguments and results cost more than these tasks' work.`
      : `This kind of work usually calls for ${rec.model}, but here the ${rec.mode} run measured ${x2(speedup)}, slower than sequential.`;
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

/** Why the engine pass gave no (or not all) runs; the runs it finished stand. */
export function engineFailureNote(e: unknown, budgetSeconds: number): string {
  const head = 'The joblib and Dask runs did not all finish';
  if (!(e instanceof ProfileError)) return `${head}: ${e instanceof Error ? e.message : String(e)}`;
  const f = e.failure;
  const where = f.mode ? ` during the ${f.mode} run${f.workers && f.mode !== 'dask-remote' ? ` with ${f.workers} worker${f.workers > 1 ? 's' : ''}` : ''}` : '';
  if (f.kind === 'timeout') return `${head}: they ran out of the ${budgetSeconds.toFixed(0)} s left of the profile's timeout${where}; the ones that finished are shown. Raise the timeout to see the rest.`;
  return `${head}: the Python process ended${where} (${f.message.split('\n')[0]}); the ones that finished are shown.`;
}

const msText = (x: number) => `${x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(1) : x.toFixed(2)} ms`;

/**
 * Each engine that ran, weighed: what it costs per task beyond the task's own work,
 * from its widest run, (wall × workers used − Σ task elapsed) ÷ tasks, which holds the
 * hand-off, the pickling both ways and any idle worker; and whether the tasks' work
 * dwarfs that.
 */
export function weighEngines(r: ProfileResult, versions: RawEngineRuns['engines']): ScaleOutEngine[] {
  const seq = r.runs.find((x) => x.mode === 'sequential')!;
  const n = Math.max(1, seq.tasks.length);
  const taskMs = seq.tasks.reduce((a, t) => a + (t.endMs - t.startMs), 0) / n;
  const out: ScaleOutEngine[] = [];
  for (const mode of SCALE_OUT_MODES) {
    const runs = r.runs.filter((x) => x.mode === mode);
    if (!runs.length) continue;
    const widest = runs.reduce((a, b) => (b.workers > a.workers ? b : a));
    const best = runs.reduce((a, b) => (b.speedup > a.speedup ? b : a));
    const lanes = Math.max(1, Math.min(widest.workers, widest.tasks.length));
    const elapsed = widest.tasks.reduce((a, t) => a + (t.endMs - t.startMs), 0);
    const dispatchPerTaskMs = Math.max(0, (widest.wallMs * lanes - elapsed) / Math.max(1, widest.tasks.length));
    const version = (mode === 'joblib' ? versions.joblib : versions.dask) ?? '';
    out.push({
      mode,
      name: mode === 'dask-remote' && widest.cluster ? `Dask cluster at ${widest.cluster.scheduler}` : SCALE_OUT_NAMES[mode],
      version,
      dispatchPerTaskMs,
      taskMs,
      startupMs: widest.startupMs,
      bestSpeedup: best.speedup,
      bestWorkers: best.workers,
      pays: taskMs >= SCALE_OUT_WORK_OVER_DISPATCH * dispatchPerTaskMs && best.speedup >= SCALES_SPEEDUP,
    });
  }
  return out;
}

/** One sentence per engine: does it pay, and by what measure. */
export function scaleOutSentence(engines: ScaleOutEngine[]): string {
  const parts = engines.map((e) => {
    const cost = `${msText(e.dispatchPerTaskMs)} dispatch per task against ${msText(e.taskMs)} of work per task`;
    if (e.pays) return `${e.name} pays here: ${cost} (${(e.taskMs / Math.max(1e-9, e.dispatchPerTaskMs)).toFixed(0)}×), and it ran ${x2(e.bestSpeedup)} with ${e.bestWorkers} workers`;
    if (e.taskMs < SCALE_OUT_WORK_OVER_DISPATCH * e.dispatchPerTaskMs) return `${e.name} does not pay for tasks this short: ${cost}; it pays once a task's work is about ${SCALE_OUT_WORK_OVER_DISPATCH}× its dispatch (${msText(SCALE_OUT_WORK_OVER_DISPATCH * e.dispatchPerTaskMs)})`;
    return `${e.name} did not scale here (best ${x2(e.bestSpeedup)} with ${e.bestWorkers} workers), though its cost is small (${cost})`;
  });
  return parts.length ? `Scale-out engines: ${parts.join('; ')}.` : '';
}

function engineSketch(e: ScaleOutEngine, name: string, file: string): string {
  if (e.mode === 'joblib') {
    return ['from joblib import Parallel, delayed', '', `with Parallel(n_jobs=${e.bestWorkers}) as parallel:  # the loky backend: worker processes`, `    results = parallel(delayed(${name})(*args) for args in tasks)`].join('\n');
  }
  if (e.mode === 'dask') {
    return [
      'from dask.distributed import Client, LocalCluster',
      '',
      'if __name__ == "__main__":  # worker processes re-import this module',
      `    with LocalCluster(n_workers=${e.bestWorkers}, threads_per_worker=1) as cluster, Client(cluster) as client:`,
      `        results = client.gather(client.map(${name}, *zip(*tasks)))`,
    ].join('\n');
  }
  const address = e.name.replace(/^Dask cluster at /, '');
  const base = file.split(/[\\/]/).pop() ?? file;
  return ['from dask.distributed import Client', '', `with Client("${address}") as client:`, `    client.upload_file("${base}")  # or install the module on the workers`, `    results = client.gather(client.map(${name}, *zip(*tasks)))`].join('\n');
}

/**
 * The engine pass's runs, added to a result: speedups against the sequential run, the
 * engines weighed, and the recommendation told when one pays. It names an engine as the
 * model only when that engine pays and ran clearly faster than what was recommended; the
 * verdict checks then hold it to never having measured slower than sequential.
 */
export function addEngineRuns(result: ProfileResult, raw: RawEngineRuns): void {
  const seq = result.runs.find((r) => r.mode === 'sequential')!;
  for (const { taskRunQueueMs: _ownWait, ...run } of raw.runs) {
    const speedup = seq.wallMs / run.wallMs;
    const full: RunResult = { ...run, speedup, efficiency: speedup / run.workers };
    result.runs.push(full);
    if (run.wallMs < result.best.wallMs) result.best = { mode: run.mode, workers: run.workers, wallMs: run.wallMs, speedup };
    if (!run.matchesSequential) {
      const list = run.mismatchedTasks ?? [];
      result.warnings.unshift(`The ${runName(run)} returned different results than the sequential run for task${list.length > 1 ? 's' : ''} ${list.join(', ')}. This usually means hidden shared state or non-determinism.`);
    }
  }
  result.warnings.push(...raw.warnings);
  if (raw.runs.some((r) => r.mode === 'joblib' && r.workers === 1)) {
    result.warnings.push('joblib runs Parallel(n_jobs=1) in the calling process, without worker processes (its sequential backend), so the joblib run with 1 worker shows joblib\'s own overhead, not a worker\'s.');
  }
  if (raw.leftovers?.length) result.warnings.push(leftoverNote(raw.leftovers));
  const engines = weighEngines(result, raw.engines);
  if (!engines.length) return;
  result.scaleOut = engines;
  if (result.recommendation.model !== INCONCLUSIVE_MODEL) {
    const rec = result.recommendation;
    const measuredRec = rec.mode ? Math.max(0, ...result.runs.filter((x) => x.mode === rec.mode).map((x) => x.speedup)) : 1;
    const paying = engines.filter((e) => e.pays).sort((a, b) => b.bestSpeedup - a.bestSpeedup)[0];
    const sentence = scaleOutSentence(engines);
    const fits = !['io-bound', 'overhead-bound', 'serialization-bound'].includes(result.classification);
    if (paying && fits && paying.bestSpeedup > CLEARLY_FASTER * Math.max(1, measuredRec)) {
      result.recommendation = {
        model: paying.mode === 'joblib' ? 'joblib Parallel (loky)' : paying.mode === 'dask' ? 'Dask (LocalCluster)' : paying.name,
        mode: paying.mode,
        reason: `${paying.name} ran ${x2(paying.bestSpeedup)} as fast as sequential with ${paying.bestWorkers} workers, clearly faster than the ${rec.model} advice${rec.mode ? ` (${x2(measuredRec)})` : ''}. ${sentence}`,
        sketch: engineSketch(paying, result.function, result.file),
      };
    } else {
      result.recommendation = { ...rec, reason: `${rec.reason} ${sentence}` };
    }
  }
  checkVerdict(result, PYTHON_VERDICT);
}
