/**
 * Profiles a Python function: runs the runner script (runner-source.ts) with the chosen
 * interpreter in its own process group, under the same timeout, cancel and memory rules
 * as the TS/JS host, and turns its measurements into a ProfileResult.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classifyPython, recommendPython } from '../verdict-python';
import { ProfileError, type CloneCost, type ProfileFailure, type ProfileRequest, type ProfileResult, type RunMode, type RunResult } from '../types';
import type { ProfileProgress, RunProfileOptions } from '../run-profile';
import { PYTHON_RUNNER } from './runner-source';
import { FREE_THREADED_NAMES, findFreeThreadedPython } from './find-free-threaded';

export interface RunnerResult {
  cores: number;
  isAsync: boolean;
  clone: CloneCost;
  runs: Omit<RunResult, 'speedup' | 'efficiency'>[];
  warnings: string[];
  python: { version: string; executable: string; gilDisabled: boolean };
}

type RunnerMessage =
  | { type: 'progress'; message: string; fraction: number; mode?: RunResult['mode']; workers?: number }
  | ({ type: 'result' } & RunnerResult)
  | { type: 'failure'; error: ProfileFailure };

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    if (process.platform !== 'win32') process.kill(-pid, 'SIGKILL');
    else process.kill(pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

/** A run (or a pool's tasks) that waited more than this share of its time for a core ran on a busy machine. */
const BUSY_SHARE = 0.1;

/** The run of a thread pool under a free-threaded interpreter found beside the selected one. */
export const FREE_THREADED_MODE: RunMode = 'thread-pool-free-threaded';

export async function runPythonProfile(req: ProfileRequest, timeoutSeconds: number, memoryLimitMb: number, opts: RunProfileOptions): Promise<ProfileResult> {
  if (req.target.kind !== 'function') {
    throw new ProfileError({ kind: 'bad-input', message: 'For Python, put the cursor in a top-level function; statement selections are not supported.' });
  }
  const name = req.target.name;
  const python = req.pythonPath || 'python3';
  const deadline = Date.now() + timeoutSeconds * 1000;
  const request = { file: req.file, name, tasks: req.tasks, maxWorkers: req.maxWorkers, memoryLimitMb };
  // The free-threaded pass reports its own 0…1; it continues the bar from where the main pass left it.
  let mainFraction = 0;
  const main = await runRunner(python, request, timeoutSeconds, {
    ...opts,
    onProgress: (p) => {
      mainFraction = Math.max(mainFraction, p.fraction);
      opts.onProgress?.(p);
    },
  });
  const result = buildResult(req, name, main);
  if (main.python.gilDisabled) {
    // The path selected, not sys.executable, which a wrapper script or symlink hides.
    result.warnings.push(`The selected interpreter (${python}, ${main.python.version}) is free-threaded: the thread-pool runs above ran without the GIL.`);
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
  let ft: RunnerResult;
  try {
    ft = await runRunner(free.executable, { ...request, freeThreadedPass: true }, remaining, {
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
  const raw = ft.runs.find((r) => r.mode === 'thread-pool') as (RunnerResult['runs'][number] & { taskRunQueueMs?: number }) | undefined;
  const ftSeq = ft.runs.find((r) => r.mode === 'sequential');
  if (!raw || !ftSeq) return;
  // The pool's own wait for cores, added up over its tasks; the runner's, not the result's.
  const { taskRunQueueMs, ...pool } = raw;
  const speedup = seq.wallMs / pool.wallMs;
  const ownSpeedup = ftSeq.wallMs / pool.wallMs;
  result.runs.push({ ...pool, mode: FREE_THREADED_MODE, speedup, efficiency: speedup / pool.workers });
  if (pool.wallMs < result.best.wallMs) result.best = { mode: FREE_THREADED_MODE, workers: pool.workers, wallMs: pool.wallMs, speedup };
  // The path found, not sys.executable, which a wrapper script or symlink hides.
  const who = `${executable} (${ft.python.version})`;
  if (!ft.python.gilDisabled) {
    result.warnings.push(`${who} is a free-threaded build, but the GIL was enabled while the profile ran (PYTHON_GIL=1, or a module that does not declare free-threading support), so the ${FREE_THREADED_MODE} run had the GIL.`);
  }
  result.warnings.push(
    `Free-threaded run under ${who}: a thread pool of ${pool.workers} ran ${speedup.toFixed(2)}× as fast as the sequential run under the GIL, ${ownSpeedup.toFixed(2)}× its own sequential run; sequential under ${ft.python.version} took ${ftSeq.wallMs.toFixed(1)} ms against ${seq.wallMs.toFixed(1)} ms under ${result.python ? `${result.python.version} with the GIL` : 'the selected interpreter'}.`,
  );
  // The two passes ran at different times: a core taken by another process in either one
  // skews the comparison. The run-queue wait of each sequential run shows it, and the
  // pool's tasks' wait shows whether the pool had the cores it needed to scale.
  const waited = [seq, ftSeq].map((r) => (r.runQueueMs ?? 0) / Math.max(1e-9, r.wallMs));
  const taskElapsed = pool.tasks.reduce((a, t) => a + (t.endMs - t.startMs), 0);
  const poolWaited = taskRunQueueMs !== undefined && taskElapsed > 0 ? taskRunQueueMs / taskElapsed : 0;
  const busy = Math.max(...waited, poolWaited) > BUSY_SHARE;
  if (busy) {
    const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
    result.warnings.push(
      `Other processes held the cores while the free-threaded comparison ran (the sequential run under the GIL waited ${pct(waited[0])} of its time for a core, the one under ${ft.python.version} ${pct(waited[1])}, the tasks of its thread pool ${pct(poolWaited)}), so the ${FREE_THREADED_MODE} speedup is not what an idle machine gives; profile again when it is quieter.`,
    );
  }
  // The verdict stays about the selected interpreter; its reason says what was measured.
  if (result.classification === 'gil-bound') {
    const bestProcess = Math.max(0, ...result.runs.filter((r) => r.mode === 'process-pool').map((r) => r.speedup));
    result.recommendation = recommendPython(result.classification, result.function, result.isAsync, pool.workers, {
      freeThreaded: { version: ft.python.version, workers: pool.workers, speedup, ownSpeedup, gilDisabled: ft.python.gilDisabled, bestProcess, busy },
    });
  }
  if (!pool.matchesSequential) result.warnings.unshift(`The ${FREE_THREADED_MODE} run with ${pool.workers} workers returned different results than its sequential run for tasks ${pool.mismatchedTasks?.join(', ')}: without the GIL, hidden shared state races.`);
}

/** One run of the runner script under one interpreter, in its own process group. */
function runRunner(python: string, request: object, timeoutSeconds: number, opts: RunProfileOptions): Promise<RunnerResult> {
  const dir = mkdtempSync(join(tmpdir(), 'loopwise-pyprofile-'));
  const script = join(dir, 'loopwise_profile_runner.py');
  writeFileSync(script, PYTHON_RUNNER);
  return new Promise<RunnerResult>((resolve, reject) => {
    const child = spawn(python, ['-u', script], { stdio: ['pipe', 'pipe', 'pipe'], detached: process.platform !== 'win32' });
    let settled = false;
    let stdout = '';
    let stderr = '';
    let last: ProfileProgress | null = null;
    const finish = (failure: ProfileFailure | null, result?: RunnerResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      process.off('exit', onParentExit);
      killGroup(child.pid);
      rmSync(dir, { recursive: true, force: true });
      if (failure) reject(new ProfileError(failure));
      else resolve(result!);
    };
    const onAbort = () => finish({ kind: 'cancelled', message: 'The profile was cancelled; the Python process and its workers were stopped.' });
    const onParentExit = () => killGroup(child.pid);
    opts.signal?.addEventListener('abort', onAbort);
    process.on('exit', onParentExit);
    const timer = setTimeout(() => {
      const where = last?.mode ? ` during the ${last.mode} run${last.workers && last.mode !== 'sequential' ? ` with ${last.workers} workers` : ''}` : '';
      finish({ kind: 'timeout', message: `The profile timed out after ${timeoutSeconds} s${where}; a task probably never returns (an infinite loop, a deadlock, or a wait that never ends).`, mode: last?.mode, workers: last?.workers });
    }, timeoutSeconds * 1000);

    const onMessage = (m: RunnerMessage) => {
      if (m.type === 'progress') {
        last = { message: m.message, fraction: m.fraction, mode: m.mode, workers: m.workers };
        opts.onProgress?.(last);
      } else if (m.type === 'failure') {
        finish(m.error);
      } else if (m.type === 'result') {
        finish(null, m);
      }
    };
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString();
      let nl: number;
      while ((nl = stdout.indexOf('\n')) >= 0) {
        const line = stdout.slice(0, nl);
        stdout = stdout.slice(nl + 1);
        try {
          onMessage(JSON.parse(line) as RunnerMessage);
        } catch {
          opts.onOutput?.(line + '\n');
        }
      }
    });
    child.stderr.on('data', (b: Buffer) => {
      const text = b.toString();
      stderr = (stderr + text).slice(-8000);
      opts.onOutput?.(text);
    });
    child.on('error', (e) =>
      finish({ kind: 'crashed', message: `Could not start the Python interpreter '${python}': ${e.message}. Set loopwise.python.interpreterPath, or select an interpreter with the Python extension.` }),
    );
    child.on('exit', (code, signal) => {
      // Let the last stdout chunk be parsed before deciding the process died without a word.
      setImmediate(() => {
        if (settled) return;
        const tail = stderr.trim().split('\n').slice(-12).join('\n');
        finish({ kind: 'crashed', message: `The Python profiler exited (${signal ?? `code ${code}`}) before reporting a result.${tail ? `\n${tail}` : ''}`, mode: last?.mode, workers: last?.workers });
      });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(JSON.stringify(request));
  });
}

function buildResult(req: ProfileRequest, name: string, m: RunnerResult): ProfileResult {
  const seq = m.runs.find((r) => r.mode === 'sequential')!;
  const runs: RunResult[] = m.runs.map((r) => {
    const speedup = seq.wallMs / r.wallMs;
    return { ...r, speedup, efficiency: speedup / r.workers };
  });
  const maxWorkers = Math.max(1, ...runs.map((r) => r.workers));
  const one = runs.find((r) => r.mode === 'process-pool' && r.workers === 1) ?? runs.find((r) => r.mode === 'thread-pool' && r.workers === 1);
  const dispatchOverheadMs = one ? Math.max(0, (one.wallMs - one.tasks.reduce((a, t) => a + (t.endMs - t.startMs), 0)) / Math.max(1, one.tasks.length)) : 0;
  const gilDisabled = m.python.gilDisabled;
  const classification = classifyPython(runs, m.clone, maxWorkers, dispatchOverheadMs, gilDisabled);
  const bestThread = Math.max(0, ...runs.filter((r) => r.mode === 'thread-pool').map((r) => r.speedup));
  const best = runs.reduce((a, b) => (b.wallMs < a.wallMs ? b : a));
  const elapsed = seq.tasks.map((t) => t.endMs - t.startMs);
  const sum = elapsed.reduce((a, b) => a + b, 0);
  const busy = seq.tasks.reduce((a, t) => a + (t.busyMs >= 0.9 * (t.endMs - t.startMs) ? t.endMs - t.startMs : t.busyMs), 0);
  const warnings = [...m.warnings];
  for (const r of runs) {
    if (!r.matchesSequential) {
      warnings.unshift(`The ${r.mode} run${r.workers > 1 || r.mode.endsWith('pool') ? ` with ${r.workers} workers` : ''} returned different results than the sequential run for tasks ${r.mismatchedTasks?.join(', ')}. This usually means hidden shared state or non-determinism.`);
    }
  }
  return {
    language: 'python',
    function: name,
    file: req.file,
    tasks: req.tasks.length,
    classification,
    recommendation: recommendPython(classification, name, m.isAsync, maxWorkers, { gilDisabled, bestThread }),
    best: { mode: best.mode, workers: best.workers, wallMs: best.wallMs, speedup: best.speedup },
    limitSpeedup: sum > 0 ? Math.max(1, seq.wallMs / Math.max(Math.max(...elapsed), busy / m.cores)) : 1,
    runs,
    cores: m.cores,
    clone: m.clone,
    dispatchOverheadMs,
    isAsync: m.isAsync,
    warnings,
    startedAt: new Date().toISOString(),
    python: m.python,
  };
}
