/**
 * The engine's entry point: runs a profile in a child process and resolves with its
 * result, or rejects with a ProfileError. The extension, the CLI and the tests all
 * call this. User code never runs in the caller's process: the child owns the module,
 * the pool and its workers, and the wall-clock timeout or a cancel kills its whole
 * process group, workers included.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProfileError, type HostMessage, type ProfileFailure, type ProfileRequest, type ProfileResult, type RunMode } from './types';
import type { HostState } from './run-job';
import { runPythonProfile } from './python/run-python-profile';

export const DEFAULT_TIMEOUT_SECONDS = 60;
export const DEFAULT_MEMORY_LIMIT_MB = 2048;

export interface ProfileProgress {
  message: string;
  fraction: number;
  mode?: RunMode;
  workers?: number;
}

export interface RunProfileOptions {
  signal?: AbortSignal;
  onProgress?: (p: ProfileProgress) => void;
  /** Where dist/profiler-host.js is; defaults to next to this code. */
  hostScript?: string;
  /** Called with what user code printed, for an output channel. */
  onOutput?: (text: string) => void;
}

const TAIL = 8000;

function killTree(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  try {
    // The child leads its own process group, so this takes its workers and anything it spawned.
    if (process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
    else child.kill('SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

function describeState(s: HostState | null, last: ProfileProgress | null): string {
  if (!s) {
    const where = last?.mode ? ` during the ${last.mode === 'worker-pool' ? `worker-pool run with ${last.workers} workers` : `${last.mode} run`}` : '';
    return `The host's main thread stopped answering${where}; a task probably never returns (an infinite loop or a blocking wait).`;
  }
  if (s.phase !== 'running') return `It was still ${s.phase}.`;
  const run = s.mode === 'worker-pool' ? `the worker-pool run with ${s.workers} workers` : `the ${s.mode} run`;
  const list = s.inFlight.slice(0, 10).join(', ') + (s.inFlight.length > 10 ? ', …' : '');
  return s.inFlight.length
    ? `In ${run}, task${s.inFlight.length > 1 ? 's' : ''} ${list} had not settled; a promise that never resolves, or a task that never ends, does this.`
    : `It was in ${run}.`;
}

export function runProfile(req: ProfileRequest, opts: RunProfileOptions = {}): Promise<ProfileResult> {
  const timeoutSeconds = req.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  const memoryLimitMb = req.memoryLimitMb ?? DEFAULT_MEMORY_LIMIT_MB;
  if (!Array.isArray(req.tasks) || req.tasks.length === 0 || req.tasks.some((t) => !Array.isArray(t))) {
    return Promise.reject(new ProfileError({ kind: 'bad-input', message: 'The tasks must be a non-empty array of argument arrays, e.g. [[30],[31]].' }));
  }
  if (!(timeoutSeconds > 0)) return Promise.reject(new ProfileError({ kind: 'bad-input', message: `The timeout must be a positive number of seconds, not ${timeoutSeconds}.` }));
  if (opts.signal?.aborted) return Promise.reject(new ProfileError({ kind: 'cancelled', message: 'The profile was cancelled.' }));
  if (/\.pyw?$/i.test(req.file)) return runPythonProfile(req, timeoutSeconds, memoryLimitMb, opts);

  return new Promise<ProfileResult>((resolve, reject) => {
    // Made here, so that it goes even when the host is killed before it can clean up.
    const workDir = mkdtempSync(join(tmpdir(), 'loopwise-profile-'));
    const child = fork(opts.hostScript ?? join(__dirname, 'profiler-host.js'), [], {
      execArgv: ['--enable-source-maps', `--max-old-space-size=${Math.max(16, Math.floor(memoryLimitMb))}`],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      detached: process.platform !== 'win32',
      serialization: 'advanced',
    });
    let stderr = '';
    let settled = false;
    let lastProgress: ProfileProgress | null = null;
    child.stdout!.on('data', (b: Buffer) => opts.onOutput?.(b.toString()));
    child.stderr!.on('data', (b: Buffer) => {
      const text = b.toString();
      stderr = (stderr + text).slice(-TAIL);
      opts.onOutput?.(text);
    });

    const finish = (err: ProfileFailure | null, result?: ProfileResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      process.off('exit', onParentExit);
      killTree(child);
      rmSync(workDir, { recursive: true, force: true });
      if (err) reject(new ProfileError(err));
      else resolve(result!);
    };

    const onAbort = () => finish({ kind: 'cancelled', message: 'The profile was cancelled; its process and workers were stopped.' });
    const onParentExit = () => killTree(child);
    opts.signal?.addEventListener('abort', onAbort);
    process.on('exit', onParentExit);

    const timer = setTimeout(() => {
      // Ask the host where it is; a host stuck in a synchronous loop cannot answer.
      let answered = false;
      const onState = (m: { type?: string; state?: HostState }) => {
        if (m?.type !== 'state' || answered) return;
        answered = true;
        finish({ kind: 'timeout', message: `The profile timed out after ${timeoutSeconds} s. ${describeState(m.state!, lastProgress)}`, mode: m.state!.mode, workers: m.state!.workers, taskIndex: m.state!.inFlight[0] });
      };
      child.on('message', onState);
      try {
        child.send({ type: 'state?' });
      } catch {
        /* the channel may be closed already */
      }
      setTimeout(() => {
        if (!answered) finish({ kind: 'timeout', message: `The profile timed out after ${timeoutSeconds} s. ${describeState(null, lastProgress)}`, mode: lastProgress?.mode, workers: lastProgress?.workers });
      }, 300);
    }, timeoutSeconds * 1000);

    child.on('message', (m: HostMessage) => {
      if (m.type === 'progress') {
        lastProgress = { message: m.message, fraction: m.fraction, mode: m.mode, workers: m.workers };
        opts.onProgress?.(lastProgress);
      } else if (m.type === 'result') {
        finish(null, m.result);
      } else if (m.type === 'failure') {
        finish(m.error);
      }
    });
    child.on('error', (e) => finish({ kind: 'crashed', message: `Could not start the profiler host: ${e.message}` }));
    child.on('exit', (code, signal) => {
      if (settled) return;
      if (/heap out of memory|Allocation failed/i.test(stderr)) {
        finish({ kind: 'out-of-memory', message: `The profiled code ran out of memory (limit ${memoryLimitMb} MB)${lastProgress?.mode ? ` in the ${lastProgress.mode} run` : ''}. Raise loopwise.profiler.memoryLimitMb if the tasks really need more.`, mode: lastProgress?.mode, workers: lastProgress?.workers });
        return;
      }
      const tail = stderr.trim().split('\n').slice(-12).join('\n');
      finish({
        kind: 'crashed',
        message: `The profiler host exited (${signal ?? `code ${code}`})${lastProgress?.mode ? ` during the ${lastProgress.mode} run` : ''} before reporting a result.${tail ? `\n${tail}` : ''}`,
        mode: lastProgress?.mode,
        workers: lastProgress?.workers,
      });
    });
    child.send({ type: 'start', request: { ...req, memoryLimitMb }, workDir });
  });
}
