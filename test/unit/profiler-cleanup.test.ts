/**
 * Nothing a profile starts outlives it (issue 10). Each test runs the real CLI
 * (dist/cli.js) on a task from test-fixtures/profiler/cleanup, with its own TMPDIR and
 * an environment token that every process it starts inherits; then it signals the CLI,
 * or lets it finish, and looks in /proc for processes that still carry the token and in
 * the TMPDIR for the profiler's folders. Nothing here measures speed: the waits are
 * upper bounds for processes to go, on a loaded machine.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { sweepStaleWorkDirs } from '../../server/src/profiler/supervise-child.js';

const root = join(__dirname, '..', '..', '..');
// LOOPWISE_CLEANUP_CLI points the tests at another build, to measure it the same way.
const cli = process.env.LOOPWISE_CLEANUP_CLI ?? join(root, 'dist', 'cli.js');
const fixtures = join(root, 'test-fixtures', 'profiler', 'cleanup');
const linux = process.platform === 'linux';
const hasPython = linux && spawnSync('python3', ['-c', 'pass']).status === 0;

/** Pids of live processes whose environment holds the token (zombies have no environment left). */
export function carriers(token: string): { pid: number; cmd: string }[] {
  const out: { pid: number; cmd: string }[] = [];
  const needle = `LOOPWISE_CLEANUP_TOKEN=${token}`;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const env = readFileSync(`/proc/${name}/environ`, 'latin1');
      if (!env.split('\0').includes(needle)) continue;
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      if (stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z') continue;
      out.push({ pid: Number(name), cmd: readFileSync(`/proc/${name}/cmdline`, 'latin1').split('\0').join(' ').trim() });
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(probe: () => T, ok: (v: T) => boolean, limitMs: number): Promise<T> {
  const end = Date.now() + limitMs;
  let v = probe();
  while (!ok(v) && Date.now() < end) {
    await sleep(100);
    v = probe();
  }
  return v;
}

interface Session {
  child: ChildProcess;
  token: string;
  tmp: string;
  marker: string;
  stdout: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  dispose: () => void;
}

function startCli(file: string, fn: string, args: (marker: string) => unknown[][], extra: string[] = []): Session {
  const token = randomUUID();
  const tmp = mkdtempSync(join(tmpdir(), 'lw-cleanup-tmp-'));
  const markers = mkdtempSync(join(tmpdir(), 'lw-cleanup-marker-'));
  const marker = join(markers, 'started');
  const child = spawn(process.execPath, [cli, 'profile', join(fixtures, file), '--function', fn, '--args', JSON.stringify(args(marker)), '--workers', '1', '--format', 'json', ...extra], {
    env: { ...process.env, TMPDIR: tmp, LOOPWISE_CLEANUP_TOKEN: token },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', () => undefined);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('exit', (code, signal) => r({ code, signal })));
  return {
    child,
    token,
    tmp,
    marker,
    stdout: () => out,
    exited,
    dispose: () => {
      for (const p of carriers(token)) {
        try {
          process.kill(p.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
      rmSync(tmp, { recursive: true, force: true });
      rmSync(markers, { recursive: true, force: true });
    },
  };
}

/** The profiler's own folders left in the session's TMPDIR (the CLI's compile cache is not one). */
const leftovers = (tmp: string) => readdirSync(tmp).filter((n) => /^loopwise-(?:py)?profile-/.test(n));

for (const [lang, file, fn] of [['Node', 'tasks.js', 'spinForever'], ['Python', 'tasks.py', 'spin_forever']] as const) {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGKILL'] as const) {
    test(`${signal} to the CLI mid-profile (${lang}) leaves no process and no temp folder`, { skip: !linux || (lang === 'Python' && !hasPython) }, async (ctx) => {
      const s = startCli(file, fn, (m) => [[m]], ['--timeout', '120']);
      try {
        await until(() => existsSync(s.marker), Boolean, 60_000);
        assert.ok(existsSync(s.marker), 'the task never started');
        const during = carriers(s.token).length;
        s.child.kill(signal);
        await s.exited;
        const left = await until(() => carriers(s.token), (v) => v.length === 0, 15_000);
        const folders = await until(() => leftovers(s.tmp), (v) => v.length === 0, 5_000);
        ctx.diagnostic(`${during} processes while profiling; ${left.length} survived, ${folders.length} temp folders left`);
        assert.deepEqual(left, [], `processes survived the CLI's ${signal}`);
        assert.deepEqual(folders, [], `temp folders left after the CLI's ${signal}`);
      } finally {
        s.dispose();
      }
    });
  }
}

for (const [lang, file, fn, what] of [
  ['Node', 'tasks.js', 'leaveDetached', 'a detached child that shares stdio'],
  ['Python', 'tasks.py', 'leave_detached', 'a detached child that shares stdio'],
  ['Node', 'tasks.js', 'leaveDaemon', 'an orphaned grandchild in its own session'],
  ['Python', 'tasks.py', 'leave_daemon', 'an orphaned grandchild in its own session'],
] as const) {
  test(`${what} (${lang}) neither keeps the CLI past the profile nor outlives it, and is reported`, { skip: !linux || (lang === 'Python' && !hasPython) }, async (ctx) => {
    const s = startCli(file, fn, () => [[1], [2]], ['--timeout', '30']);
    try {
      // Far past the profile's own timeout: before the fix the CLI waited for the child's ten minutes.
      const exit = await Promise.race([s.exited, sleep(90_000).then(() => null)]);
      assert.ok(exit, 'the CLI was still running 60 s past its --timeout');
      const left = await until(() => carriers(s.token), (v) => v.length === 0, 15_000);
      ctx.diagnostic(`exit ${exit.code ?? exit.signal}; ${left.length} survived; temp ${leftovers(s.tmp).length}`);
      assert.deepEqual(left, [], 'the detached child outlived the profile');
      assert.deepEqual(leftovers(s.tmp), []);
      const json = JSON.parse(s.stdout()) as { warnings: string[] };
      assert.ok(json.warnings.some((w) => /left .*process/i.test(w)), JSON.stringify(json.warnings));
    } finally {
      s.dispose();
    }
  });
}

test('temp folders of dead owners are swept; a live owner’s, another name and a link are left', { skip: !linux }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lw-sweep-'));
  try {
    const gone = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => gone.on('exit', r));
    const dead = join(dir, `loopwise-profile-${gone.pid}-abcdef`);
    const live = join(dir, `loopwise-profile-${process.pid}-ghijkl`);
    const other = join(dir, 'loopwise-compile-cache');
    for (const d of [dead, live, other]) mkdirSync(d);
    symlinkSync(other, join(dir, `loopwise-pyprofile-${gone.pid}-mnopqr`));
    const removed = sweepStaleWorkDirs(dir);
    assert.deepEqual(removed, [dead]);
    assert.deepEqual(readdirSync(dir).sort(), [`loopwise-profile-${process.pid}-ghijkl`, 'loopwise-compile-cache', `loopwise-pyprofile-${gone.pid}-mnopqr`].sort());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a never-ending Python thread gives a warning in the profile, and goes with it', { skip: !hasPython }, async () => {
  const s = startCli('tasks.py', 'never_ending_thread', () => [[1], [2]], ['--timeout', '60']);
  try {
    const exit = await Promise.race([s.exited, sleep(120_000).then(() => null)]);
    assert.ok(exit, 'the CLI did not finish');
    const json = JSON.parse(s.stdout()) as { warnings: string[] };
    assert.ok(json.warnings.some((w) => /thread/i.test(w) && /loopwise-test-forever/.test(w)), JSON.stringify(json.warnings));
    assert.deepEqual(await until(() => carriers(s.token), (v) => v.length === 0, 15_000), []);
  } finally {
    s.dispose();
  }
});
