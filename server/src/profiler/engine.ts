/**
 * The engine's entry point: validates a request, dispatches it to the runner for its
 * language, and assembles the result from the raw runs; it rejects with a ProfileError.
 * The extension, the CLI and the tests all call this. User code never runs in the
 * caller's process: a runner's child owns it, under supervise-child.
 */
import { assembleNode } from './assemble-node';
import { PROFILER_DEFAULTS } from './protocol';
import { runNode } from './run-node';
import { FREE_THREADED_MODE, addFreeThreadedRun, assemblePython, freeThreadedFailureNote, noFreeThreadedNote } from './python/assemble-python';
import { findFreeThreadedPython } from './python/find-free-threaded';
import { runPython, type PythonJob } from './python/run-python';
import { ProfileError, type ProfileRequest, type ProfileResult, type RawProfile, type RunProfileOptions } from './types';

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
 * Python: the runs under the selected interpreter, then, when a free-threaded build is
 * found beside it, one more pass under that one for its thread pool.
 */
async function profilePython(req: ProfileRequest, timeoutSeconds: number, memoryLimitMb: number, opts: RunProfileOptions): Promise<ProfileResult> {
  if (req.target.kind !== 'function') {
    throw new ProfileError({ kind: 'bad-input', message: 'For Python, put the cursor in a top-level function; statement selections are not supported.' });
  }
  const name = req.target.name;
  const python = req.pythonPath || 'python3';
  const deadline = Date.now() + timeoutSeconds * 1000;
  const job: PythonJob = { file: req.file, name, tasks: req.tasks, maxWorkers: req.maxWorkers, memoryLimitMb };
  // The free-threaded pass reports its own 0…1; it continues the bar from where the main pass left it.
  let mainFraction = 0;
  const main = await runPython(python, job, timeoutSeconds, {
    ...opts,
    onProgress: (p) => {
      mainFraction = Math.max(mainFraction, p.fraction);
      opts.onProgress?.(p);
    },
  });
  const result = assemblePython(req, name, main);
  if (main.python!.gilDisabled) {
    // The path selected, not sys.executable, which a wrapper script or symlink hides.
    result.warnings.push(`The selected interpreter (${python}, ${main.python!.version}) is free-threaded: the thread-pool runs above ran without the GIL.`);
    return result;
  }
  const gilOn: { executable: string; version: string }[] = [];
  const free = await findFreeThreadedPython(python, process.env.PATH, gilOn);
  if (!free) {
    // Only worth saying where the GIL is what held the work back.
    if (result.classification === 'gil-bound') result.warnings.push(noFreeThreadedNote(gilOn));
    return result;
  }
  if (opts.signal?.aborted) throw new ProfileError({ kind: 'cancelled', message: 'The profile was cancelled.' });
  const remaining = Math.max(1, (deadline - Date.now()) / 1000);
  let ft: RawProfile;
  try {
    ft = await runPython(free.executable, { ...job, freeThreadedPass: true }, remaining, {
      ...opts,
      onProgress: (p) =>
        opts.onProgress?.({ ...p, mode: p.mode === 'thread-pool' ? FREE_THREADED_MODE : p.mode, fraction: mainFraction + (1 - mainFraction) * p.fraction, message: `free-threaded ${free.version}: ${p.message}` }),
    });
  } catch (e) {
    // The extra pass is optional: its failure is a note, and the runs under the selected
    // interpreter stand. Only a cancel ends the whole profile.
    if (e instanceof ProfileError && e.failure.kind === 'cancelled') throw e;
    result.warnings.push(freeThreadedFailureNote(free.executable, free.version, e, remaining));
    return result;
  }
  addFreeThreadedRun(result, ft, free.executable);
  return result;
}
