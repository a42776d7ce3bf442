/**
 * The Python runner: profile-runner.py under the chosen interpreter, supervised by
 * supervise-child (timeout, cancel, memory, clean-up), with its raw runs back. The
 * script and the modules it imports from its own folder (RUNNER_MODULES) ship in dist/,
 * copied there by scripts/bundle.mjs.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { superviseChild } from '../supervise-child';
import type { HostMessage, ProfileProgress, RawProfile, RawRun, RunProfileOptions } from '../types';

export const RUNNER_FILE = 'profile-runner.py';
/**
 * The runner's modules beside it, one concept each: shared records, process control, the
 * in-process runs, the engine pass. Prefixed so that none shadows a module of the user's.
 * scripts/bundle.mjs copies the same list and .vscodeignore allow-lists dist/_loopwise_runner_*.py.
 */
export const RUNNER_MODULES = ['common', 'processes', 'runs', 'engines'].map((m) => `_loopwise_runner_${m}.py`);

/** How long the engine pass tries to reach a Dask scheduler (and to see a worker there) before a note says it could not. */
export const DASK_CONNECT_TIMEOUT_SECONDS = 10;

/** Why `address` is not a Dask scheduler address the profiler can use, or undefined when it is one. */
export function daskSchedulerProblem(address: string): string | undefined {
  const m = /^tcp:\/\/(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9][A-Za-z0-9.-]*):(\d{1,5})$/.exec(address);
  if (!m) return `The Dask scheduler address '${address}' is not of the form tcp://host:port`;
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return `The Dask scheduler address '${address}' has no valid port (1-65535)`;
  return undefined;
}

/**
 * Beside the bundle (dist/, where the engine, the CLI and the extension load from), or,
 * for the tsc output that the unit tests run (out/server/src/profiler/python), in the
 * source tree it was compiled from.
 */
export function findRunnerScript(): string {
  const candidates = [join(__dirname, RUNNER_FILE), join(__dirname, '..', '..', '..', '..', '..', 'server', 'src', 'profiler', 'python', RUNNER_FILE)];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`The Python profiler script ${RUNNER_FILE} is missing; looked in ${candidates.join(' and ')}. Rebuild with npm run build.`);
  const missing = RUNNER_MODULES.filter((m) => !existsSync(join(dirname(found), m)));
  if (missing.length) throw new Error(`The Python profiler's modules ${missing.join(', ')} are missing beside ${found}. Rebuild with npm run build.`);
  return found;
}

export interface PythonJob {
  file: string;
  name: string;
  tasks: unknown[][];
  maxWorkers?: number;
  memoryLimitMb: number;
  /** The extra pass under a free-threaded interpreter: sequential and the widest thread pool. */
  freeThreadedPass?: boolean;
  /** The main pass sends its sequential results back pickled (base64), for the engine pass. */
  wantSeqPickle?: boolean;
  /** The pass of the scale-out engines (joblib, Dask) only, comparing with seqPickle. */
  enginePass?: boolean;
  seqPickle?: string;
  /** The interpreter as selected, for the notes (sys.executable hides a wrapper or a venv's link). */
  python?: string;
  daskScheduler?: string;
  daskConnectTimeoutSeconds?: number;
  /** The engine pass: the engines to run (loopwise.profiler.engines); the others are not imported. */
  engines?: readonly string[];
}

/**
 * One run of the runner under one interpreter, in its own process group. `onRun` gets
 * each run the engine pass sends as soon as it finishes.
 */
export function runPython<T = RawProfile>(python: string, job: PythonJob, timeoutSeconds: number, opts: RunProfileOptions, onRun?: (run: RawRun) => void): Promise<T> {
  let last: ProfileProgress | null = null;
  return superviseChild<T>({
    command: python,
    args: ['-u', findRunnerScript()],
    stdin: JSON.stringify(job),
    timeoutMs: timeoutSeconds * 1000,
    signal: opts.signal,
    onOutput: opts.onOutput,
    cancelled: { kind: 'cancelled', message: 'The profile was cancelled; the Python process and its workers were stopped.' },
    onMessage: (raw, done) => {
      const m = raw as HostMessage;
      if (m.type === 'progress') {
        last = { message: m.message, fraction: m.fraction, mode: m.mode, workers: m.workers };
        opts.onProgress?.(last);
      } else if (m.type === 'failure') done.fail(m.error);
      else if (m.type === 'run') onRun?.(m.run);
      else if (m.type === 'result') done.resolve(m.raw as T);
    },
    onTimeout: async () => {
      const where = last?.mode ? ` during the ${last.mode} run${last.workers && last.mode !== 'sequential' ? ` with ${last.workers} workers` : ''}` : '';
      return { kind: 'timeout', message: `The profile timed out after ${timeoutSeconds} s${where}; a task probably never returns (an infinite loop, a deadlock, or a wait that never ends).`, mode: last?.mode, workers: last?.workers };
    },
    onSpawnError: (e) => ({ kind: 'crashed', message: `Could not start the Python interpreter '${python}': ${e.message}. Set loopwise.python.interpreterPath, or select an interpreter with the Python extension.` }),
    onExit: (code, signal, stderr) => {
      const tail = stderr.trim().split('\n').slice(-12).join('\n');
      return { kind: 'crashed', message: `The Python profiler exited (${signal ?? `code ${code}`}) before reporting a result.${tail ? `\n${tail}` : ''}`, mode: last?.mode, workers: last?.workers };
    },
  });
}
