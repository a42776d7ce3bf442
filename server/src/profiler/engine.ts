/**
 * The engine's entry point: validates a request, dispatches it to the runner for its
 * language, and assembles the result from the raw runs; it rejects with a ProfileError.
 * The extension, the CLI and the tests all call this. User code never runs in the
 * caller's process: a runner's child owns it, under supervise-child.
 */
import { assembleNode } from './assemble-node';
import { PROFILER_DEFAULTS, profilerEngines } from './protocol';
import { runNode } from './run-node';
import { FREE_THREADED_MODE, addEngineRuns, addFreeThreadedRun, assemblePython, engineFailureNote, freeThreadedFailureNote, noFreeThreadedNote } from './python/assemble-python';
import { findFreeThreadedPython } from './python/find-free-threaded';
import { DASK_CONNECT_TIMEOUT_SECONDS, daskSchedulerProblem, runPython, type PythonJob } from './python/run-python';
import { ProfileError, type ProfileRequest, type ProfileResult, type RawEngineRuns, type RawProfile, type RawRun, type RunProfileOptions } from './types';

const isPython = (file: string) => /\.pyw?$/i.test(file);

export function runProfile(req: ProfileRequest, opts: RunProfileOptions = {}): Promise<ProfileResult> {
  const timeoutSeconds = req.timeoutSeconds ?? PROFILER_DEFAULTS.timeoutSeconds;
  const memoryLimitMb = req.memoryLimitMb ?? PROFILER_DEFAULTS.memoryLimitMb;
  if (!Array.isArray(req.tasks) || req.tasks.length === 0 || req.tasks.some((t) => !Array.isArray(t))) {
    return Promise.reject(new ProfileError({ kind: 'bad-input', message: 'The tasks must be a non-empty array of argument arrays, e.g. [[30],[31]].' }));
  }
  if (!(timeoutSeconds > 0)) return Promise.reject(new ProfileError({ kind: 'bad-input', message: `The timeout must be a positive number of seconds, not ${timeoutSeconds}.` }));
  if (opts.signal?.aborted) return Promise.reject(new ProfileError({ kind: 'cancelled', message: 'The profile was cancelled.' }));
  if (isPython(req.file)) return profilePython(req, timeoutSeconds, memoryLimitMb, opts);
  return runNode(req, timeoutSeconds, memoryLimitMb, opts).then((raw) => assembleNode(req, raw));
}

/**
 * Python: the runs under the selected interpreter; then, when a free-threaded build is
 * found beside it, one more pass under that one for its thread pool; then the pass of
 * the scale-out engines (joblib, Dask). The extra passes share the profile's timeout and
 * are optional: their failure is a note, and only a cancel ends the whole profile.
 */
async function profilePython(req: ProfileRequest, timeoutSeconds: number, memoryLimitMb: number, opts: RunProfileOptions): Promise<ProfileResult> {
  if (req.target.kind !== 'function') {
    throw new ProfileError({ kind: 'bad-input', message: 'For Python, put the cursor in a top-level function; statement selections are not supported.' });
  }
  const name = req.target.name;
  const python = req.pythonPath || 'python3';
  const deadline = Date.now() + timeoutSeconds * 1000;
  const wanted = profilerEngines(req.engines ?? PROFILER_DEFAULTS.engines);
  const engines = wanted.length > 0;
  // The main pass sends back its sequential results pickled, for the engine pass to compare with.
  const job: PythonJob = { file: req.file, name, tasks: req.tasks, maxWorkers: req.maxWorkers, memoryLimitMb, python, wantSeqPickle: engines };
  // The extra passes report their own 0…1; each continues the bar from where the last left it.
  const main = await runPython(python, job, timeoutSeconds, {
    ...opts,
    onProgress: (p) => opts.onProgress?.({ ...p, fraction: p.fraction * (engines ? 0.6 : 1) }),
  });
  const seqPickle = main.seqPickle;
  delete main.seqPickle;
  const result = assemblePython(req, name, main);
  const bar = (from: number, to: number) => (f: number) => from + (to - from) * f;
  const lean: PythonJob = { ...job, wantSeqPickle: undefined };
  await freeThreadedPass(python, lean, result, main, deadline, opts, bar(engines ? 0.6 : 1, engines ? 0.7 : 1));
  if (req.daskScheduler?.trim() && !wanted.includes('dask')) {
    result.warnings.push(`The Dask scheduler ${req.daskScheduler.trim()} was not used: loopwise.profiler.engines (--engines) leaves out dask.`);
  }
  if (engines && seqPickle) await enginePass(req, python, { ...lean, engines: wanted }, result, deadline, opts, bar(0.7, 1), seqPickle);
  return result;
}

async function freeThreadedPass(python: string, job: PythonJob, result: ProfileResult, main: RawProfile, deadline: number, opts: RunProfileOptions, bar: (f: number) => number): Promise<void> {
  if (main.python!.gilDisabled) {
    // The path selected, not sys.executable, which a wrapper script or symlink hides.
    result.warnings.push(`The selected interpreter (${python}, ${main.python!.version}) is free-threaded: the thread-pool runs above ran without the GIL.`);
    return;
  }
  const gilOn: { executable: string; version: string }[] = [];
  const free = await findFreeThreadedPython(python, process.env.PATH, gilOn);
  if (!free) {
    // Only worth saying where the GIL is what held the work back.
    if (result.classification === 'gil-bound') result.warnings.push(noFreeThreadedNote(gilOn));
    return;
  }
  if (opts.signal?.aborted) throw new ProfileError({ kind: 'cancelled', message: 'The profile was cancelled.' });
  const remaining = Math.max(1, (deadline - Date.now()) / 1000);
  let ft: RawProfile;
  try {
    ft = await runPython(free.executable, { ...job, freeThreadedPass: true }, remaining, {
      ...opts,
      onProgress: (p) =>
        opts.onProgress?.({ ...p, mode: p.mode === 'thread-pool' ? FREE_THREADED_MODE : p.mode, fraction: bar(p.fraction), message: `free-threaded ${free.version}: ${p.message}` }),
    });
  } catch (e) {
    if (e instanceof ProfileError && e.failure.kind === 'cancelled') throw e;
    result.warnings.push(freeThreadedFailureNote(free.executable, free.version, e, remaining));
    return;
  }
  addFreeThreadedRun(result, ft, free.executable);
}

/**
 * joblib and Dask, under the selected interpreter, where it has them. The runs it sent
 * before a timeout or a crash stand, with a note.
 */
async function enginePass(req: ProfileRequest, python: string, job: PythonJob, result: ProfileResult, deadline: number, opts: RunProfileOptions, bar: (f: number) => number, seqPickle: string): Promise<void> {
  let daskScheduler = (job.engines ?? []).includes('dask') ? req.daskScheduler?.trim() || undefined : undefined;
  const notes: string[] = [];
  if (daskScheduler) {
    const problem = daskSchedulerProblem(daskScheduler);
    if (problem) {
      notes.push(`${problem}: no dask run on a cluster.`);
      daskScheduler = undefined;
    }
  }
  if (opts.signal?.aborted) throw new ProfileError({ kind: 'cancelled', message: 'The profile was cancelled.' });
  const remaining = (deadline - Date.now()) / 1000;
  if (remaining < 1) {
    addEngineRuns(result, { runs: [], warnings: [...notes, 'The profile\'s timeout left no time for the joblib and Dask runs. Raise the timeout to see them.'], engines: { joblib: null, dask: null } });
    return;
  }
  const got: RawRun[] = [];
  let raw: RawEngineRuns;
  try {
    raw = await runPython<RawEngineRuns>(python, { ...job, enginePass: true, seqPickle, daskScheduler, daskConnectTimeoutSeconds: Math.min(DASK_CONNECT_TIMEOUT_SECONDS, remaining / 2) }, remaining, {
      ...opts,
      onProgress: (p) => opts.onProgress?.({ ...p, fraction: bar(p.fraction) }),
    }, (run) => got.push(run));
  } catch (e) {
    if (e instanceof ProfileError && e.failure.kind === 'cancelled') throw e;
    raw = { runs: got, warnings: [engineFailureNote(e, remaining)], engines: { joblib: null, dask: null } };
  }
  raw.warnings.unshift(...notes);
  addEngineRuns(result, raw);
}
