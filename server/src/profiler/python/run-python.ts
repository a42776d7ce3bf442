/**
 * The Python runner: profile-runner.py under the chosen interpreter, supervised by
 * supervise-child (timeout, cancel, memory, clean-up), with its raw runs back. The
 * script ships as dist/profile-runner.py, copied there by scripts/bundle.mjs.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { superviseChild } from '../supervise-child';
import type { HostMessage, ProfileProgress, RawProfile, RunProfileOptions } from '../types';

export const RUNNER_FILE = 'profile-runner.py';

/**
 * Beside the bundle (dist/, where the engine, the CLI and the extension load from), or,
 * for the tsc output that the unit tests run (out/server/src/profiler/python), in the
 * source tree it was compiled from.
 */
export function findRunnerScript(): string {
  const candidates = [join(__dirname, RUNNER_FILE), join(__dirname, '..', '..', '..', '..', '..', 'server', 'src', 'profiler', 'python', RUNNER_FILE)];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`The Python profiler script ${RUNNER_FILE} is missing; looked in ${candidates.join(' and ')}. Rebuild with npm run build.`);
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
}

/** One run of the runner under one interpreter, in its own process group. */
export function runPython(python: string, job: PythonJob, timeoutSeconds: number, opts: RunProfileOptions): Promise<RawProfile> {
  let last: ProfileProgress | null = null;
  return superviseChild<RawProfile>({
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
      else if (m.type === 'result') done.resolve(m.raw);
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
