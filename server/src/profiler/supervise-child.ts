/**
 * The one way the profiler runs a child process: spawn it in its own process group (a
 * child subreaper where Linux allows, so that what it starts stays below it), enforce
 * the timeout and the cancel, give it a private temp folder, and on every way out (a
 * result, a failure, a timeout, a cancel, a signal to this process, this process
 * exiting) kill it with everything it started, close its pipes and remove the folder.
 * The Node host (run-node.ts) and the Python runner (python/run-python.ts) sit behind
 * it, as typescript-language-server's tsServer/serverProcess.ts puts its process kinds
 * behind one interface.
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { accessSync, constants, lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { killTree } from './process-tree';
import { ProfileError, type ProfileFailure } from './types';

/** Temp folders are named `<prefix><pid>-XXXXXX`, so a later run can tell a dead owner's. */
export const WORK_DIR_PREFIX = 'loopwise-profile-';
const WORK_DIR = /^loopwise-(?:py)?profile-(?:(\d+)-)?[A-Za-z0-9]{6}$/;
/** Folders without an owner pid (older versions) are swept once they are this old. */
const UNOWNED_MAX_AGE_MS = 24 * 3600 * 1000;
const STDERR_TAIL = 8000;

export interface SupervisedChild {
  child: ChildProcess;
  /** The child's private temp folder, when one was asked for. */
  workDir?: string;
}

export interface SuperviseOptions<T> {
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** An IPC channel (a Node child); else messages are JSON lines on the child's stdout. */
  ipc?: { serialization: 'json' | 'advanced' };
  /** Written to the child's stdin, which is then closed. */
  stdin?: string;
  /** Make a private temp folder for the child. */
  workDir?: boolean;
  /** Start the child through a shim that makes it a child subreaper (Linux, when python3 is on PATH). */
  subreaper?: boolean;
  timeoutMs: number;
  signal?: AbortSignal;
  onOutput?: (text: string) => void;
  /** Called once the child is spawned, e.g. to send its job. */
  onSpawn?: (c: SupervisedChild) => void;
  /** A message from the child; call `done` with the outcome when it is final. */
  onMessage: (m: unknown, done: Done<T>) => void;
  /** The timeout passed: say what the child was doing (it may be asked over IPC). */
  onTimeout: (c: SupervisedChild) => Promise<ProfileFailure>;
  /** The child exited before a final message. */
  onExit: (code: number | null, signal: NodeJS.Signals | null, stderrTail: string) => ProfileFailure;
  onSpawnError: (e: Error) => ProfileFailure;
  cancelled: ProfileFailure;
}

export interface Done<T> {
  resolve(value: T): void;
  fail(failure: ProfileFailure): void;
}

interface Live {
  pid: number | undefined;
  workDir?: string;
  /** False once the child has exited and Node has reaped it: its pid may be reused. */
  alive: boolean;
}

const live = new Set<Live>();
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function cleanUp(l: Live): void {
  if (l.pid !== undefined) killTree(l.pid, true, l.alive);
  if (l.workDir) rmSync(l.workDir, { recursive: true, force: true });
}

function cleanUpAll(): void {
  for (const l of live) cleanUp(l);
  live.clear();
}

/**
 * A signal to this process ends its profiles first. The child leads its own process
 * group, so a Ctrl-C in a terminal never reaches it, and `exit` handlers do not run on a
 * signal. When nobody else listens for the signal, it is raised again, so that this
 * process ends as it would have; when someone does (the extension host), they decide.
 */
function onSignal(sig: NodeJS.Signals): void {
  cleanUpAll();
  const others = process.listenerCount(sig) > 1;
  uninstall();
  if (!others) process.kill(process.pid, sig);
}
const handlers = new Map(SIGNALS.map((s) => [s, () => onSignal(s)] as const));

function install(): void {
  if (live.size !== 1) return;
  for (const [s, h] of handlers) process.on(s, h);
  process.on('exit', cleanUpAll);
}

function uninstall(): void {
  for (const [s, h] of handlers) process.off(s, h);
  process.off('exit', cleanUpAll);
}

/** Removes profiler temp folders of this user whose owning process is gone. */
export function sweepStaleWorkDirs(dir = tmpdir()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  const uid = process.getuid?.();
  for (const name of names) {
    const m = WORK_DIR.exec(name);
    if (!m) continue;
    const path = join(dir, name);
    try {
      const st = lstatSync(path);
      // Never another user's folder, and never through a link.
      if (!st.isDirectory() || (uid !== undefined && st.uid !== uid)) continue;
      if (m[1] ? isAlive(Number(m[1])) : Date.now() - st.mtimeMs < UNOWNED_MAX_AGE_MS) continue;
      rmSync(path, { recursive: true, force: true });
      removed.push(path);
    } catch {
      // It went while we looked.
    }
  }
  return removed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

let shimPython: string | null | undefined;
/** python3 on PATH, for the subreaper shim; null when there is none. */
function findShimPython(): string | null {
  if (shimPython !== undefined) return shimPython;
  shimPython = null;
  if (process.platform !== 'linux') return shimPython;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, 'python3');
    try {
      accessSync(p, constants.X_OK);
      shimPython = p;
      break;
    } catch {
      // not here
    }
  }
  return shimPython;
}

/**
 * Node has no prctl, so the child is started by a Python one-liner that sets
 * PR_SET_CHILD_SUBREAPER (36) and then execs it; the attribute survives execve. Where the
 * call fails the child still runs, and only /proc tracking by session and group remains.
 */
const SUBREAPER_SHIM = [
  'import ctypes, os, sys',
  'try:',
  '    ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)',
  'except Exception:',
  '    pass',
  'os.execv(sys.argv[1], sys.argv[1:])',
].join('\n');

export function superviseChild<T>(o: SuperviseOptions<T>): Promise<T> {
  if (o.signal?.aborted) return Promise.reject(new ProfileError(o.cancelled));
  sweepStaleWorkDirs();
  return new Promise<T>((resolve, reject) => {
    const workDir = o.workDir ? mkdtempSync(join(tmpdir(), `${WORK_DIR_PREFIX}${process.pid}-`)) : undefined;
    const stdio: StdioOptions = [o.stdin !== undefined ? 'pipe' : 'ignore', 'pipe', 'pipe', ...(o.ipc ? (['ipc'] as const) : [])];
    const shim = o.subreaper ? findShimPython() : null;
    const [command, args] = shim ? [shim, ['-S', '-c', SUBREAPER_SHIM, o.command, ...o.args]] : [o.command, o.args];
    const child = spawn(command, args, {
      stdio,
      env: o.env ?? process.env,
      detached: process.platform !== 'win32',
      ...(o.ipc ? { serialization: o.ipc.serialization } : {}),
    });
    const entry: Live = { pid: child.pid, workDir, alive: true };
    live.add(entry);
    install();
    const handle: SupervisedChild = { child, workDir };
    let settled = false;
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;

    const finish = (failure: ProfileFailure | null, value?: T) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      live.delete(entry);
      if (live.size === 0) uninstall();
      cleanUp(entry);
      // A grandchild that shares these pipes (a detached child with stdio 'inherit')
      // would otherwise keep this process running for as long as it lives.
      child.stdout?.destroy();
      child.stderr?.destroy();
      child.stdin?.destroy();
      if (child.connected) child.disconnect();
      if (failure) reject(new ProfileError(failure));
      else resolve(value as T);
    };
    const done: Done<T> = { resolve: (v) => finish(null, v), fail: (f) => finish(f) };
    const onAbort = () => finish(o.cancelled);
    o.signal?.addEventListener('abort', onAbort);

    timer = setTimeout(() => {
      o.onTimeout(handle).then((f) => finish(f), (e: Error) => finish({ kind: 'timeout', message: e.message }));
    }, o.timeoutMs);

    if (o.ipc) child.on('message', (m) => !settled && o.onMessage(m, done));
    let lines = '';
    child.stdout!.on('data', (b: Buffer) => {
      if (o.ipc) {
        o.onOutput?.(b.toString());
        return;
      }
      lines += b.toString();
      let nl: number;
      while ((nl = lines.indexOf('\n')) >= 0) {
        const line = lines.slice(0, nl);
        lines = lines.slice(nl + 1);
        let m: unknown;
        try {
          m = JSON.parse(line);
        } catch {
          o.onOutput?.(line + '\n');
          continue;
        }
        if (!settled) o.onMessage(m, done);
      }
    });
    child.stderr!.on('data', (b: Buffer) => {
      const text = b.toString();
      stderr = (stderr + text).slice(-STDERR_TAIL);
      o.onOutput?.(text);
    });
    child.on('error', (e) => finish(o.onSpawnError(e)));
    child.on('exit', (code, sig) => {
      entry.alive = false;
      // Let the last chunk of stdout be read before deciding the child died without a word.
      const decide = () => finish(o.onExit(code, sig, stderr));
      if (settled) return;
      if (child.stdout!.readableEnded) setImmediate(decide);
      else {
        const t = setTimeout(decide, 250);
        child.stdout!.once('end', () => {
          clearTimeout(t);
          setImmediate(decide);
        });
      }
    });
    if (o.stdin !== undefined) {
      child.stdin!.on('error', () => undefined);
      child.stdin!.end(o.stdin);
    }
    o.onSpawn?.(handle);
  });
}
