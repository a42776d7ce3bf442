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
import { carriers } from '../helpers/process-carriers.js';

const root = join(__dirname, '..', '..', '..');
// LOOPWISE_CLEANUP_CLI points the tests at another build, to measure it the same way.
const cli = process.env.LOOPWISE_CLEANUP_CLI ?? join(root, 'dist', 'cli.js');
const fixtures = join(root, 'test-fixtures', 'profiler', 'cleanup');
const linux = process.platform === 'linux';
const hasPython = linux && spawnSync('python3', ['-c', 'pass']).status === 0;

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

// The scale-out engines (issue 14): a task that hangs only in a joblib or Dask worker, so
// the profile is inside the engine pass, with a LocalCluster's worker processes up,
// when the CLI is signalled or the profile's timeout passes.
const enginePython = linux ? ['python3', '/usr/bin/python3'].find((p) => spawnSync(p, ['-c', 'import joblib, distributed'], { stdio: 'ignore' }).status === 0) : undefined;
const noEngines = !linux ? 'Linux only' : enginePython ? false : 'no interpreter with joblib and dask.distributed (apt-get install python3-joblib python3-distributed)';
const engines = join('..', 'python', 'engines.py');
/** null after `ms`, on a timer that does not keep the test process alive once the race is won. */
const lapse = (ms: number) => new Promise<null>((r) => setTimeout(() => r(null), ms).unref());

for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
  test(`${signal} to the CLI mid-run on a Dask LocalCluster leaves no worker process, cluster or temp folder`, { skip: noEngines }, async (ctx) => {
    const s = startCli(engines, 'hangs_in_engine', (m) => [[m]], ['--timeout', '300', '--python', enginePython!]);
    try {
      await until(() => existsSync(s.marker), Boolean, 240_000);
      assert.ok(existsSync(s.marker), 'the task never started in an engine worker');
      const worker = Number(readFileSync(s.marker, 'utf8'));
      const during = carriers(s.token);
      assert.ok(during.some((c) => c.pid === worker), 'the hanging worker carries the token');
      s.child.kill(signal);
      await s.exited;
      const left = await until(() => carriers(s.token), (v) => v.length === 0, 15_000);
      const folders = await until(() => leftovers(s.tmp), (v) => v.length === 0, 5_000);
      ctx.diagnostic(`${during.length} processes while profiling (${during.map((c) => c.cmd.slice(0, 60)).join('; ')}); ${left.length} survived`);
      assert.deepEqual(left, [], `processes survived the CLI's ${signal}`);
      assert.deepEqual(folders, []);
    } finally {
      s.dispose();
    }
  });
}

test('the timeout passing mid-run on Dask ends the engine pass with a note, keeps the other runs, and leaves nothing', { skip: noEngines }, async (ctx) => {
  const s = startCli(engines, 'hangs_in_engine', (m) => [[m]], ['--timeout', '120', '--python', enginePython!]);
  try {
    const exit = await Promise.race([s.exited, lapse(240_000)]);
    assert.ok(exit, 'the CLI was still running long past its --timeout');
    assert.ok(existsSync(s.marker), 'the timeout came before the task started in an engine worker (a very slow machine)');
    const left = await until(() => carriers(s.token), (v) => v.length === 0, 15_000);
    assert.deepEqual(left, [], 'processes survived the timeout');
    assert.deepEqual(leftovers(s.tmp), []);
    const json = JSON.parse(s.stdout()) as { warnings: string[]; runs: { mode: string }[] };
    ctx.diagnostic(`exit ${exit.code}; ${json.warnings.join(' | ')}`);
    assert.equal(exit.code, 0);
    assert.ok(json.warnings.some((w) => /^The joblib and Dask runs did not all finish: they ran out of the \d+ s left of the profile's timeout during the dask run/.test(w)), json.warnings.join('\n'));
    for (const mode of ['sequential', 'thread-pool', 'process-pool', 'joblib']) assert.ok(json.runs.some((r) => r.mode === mode), mode);
  } finally {
    s.dispose();
  }
});

test('the runner crashing mid-run on Dask takes the cluster with it', { skip: noEngines }, async () => {
  const s = startCli(engines, 'hangs_in_engine', (m) => [[m]], ['--timeout', '300', '--python', enginePython!]);
  try {
    await until(() => existsSync(s.marker), Boolean, 240_000);
    assert.ok(existsSync(s.marker), 'the task never started in an engine worker');
    // The runner of the engine pass: the process that runs profile-runner.py and is not a worker.
    const runner = carriers(s.token).find((c) => /profile-runner\.py/.test(c.cmd) && !/multiprocessing|loky|from multiprocessing/.test(c.cmd));
    assert.ok(runner, carriers(s.token).map((c) => c.cmd).join('\n'));
    process.kill(runner.pid, 'SIGKILL');
    const exit = await Promise.race([s.exited, lapse(120_000)]);
    assert.ok(exit, 'the CLI did not finish after its runner died');
    const left = await until(() => carriers(s.token), (v) => v.length === 0, 15_000);
    assert.deepEqual(left, [], 'processes survived the runner');
    const json = JSON.parse(s.stdout()) as { warnings: string[] };
    assert.ok(json.warnings.some((w) => /^The joblib and Dask runs did not all finish: the Python process ended during the dask run/.test(w)), json.warnings.join('\n'));
  } finally {
    s.dispose();
  }
});

test('a profile that ends well on joblib and Dask leaves no worker process or cluster, and does not take them for the tasks\' leftovers', { skip: noEngines }, async () => {
  const s = startCli(engines, 'tiny', () => [[1], [2]], ['--timeout', '300', '--python', enginePython!]);
  try {
    const exit = await Promise.race([s.exited, lapse(400_000)]);
    assert.ok(exit, 'the CLI did not finish');
    assert.equal(exit.code, 0, s.stdout());
    const json = JSON.parse(s.stdout()) as { warnings: string[]; runs: { mode: string }[] };
    assert.ok(json.runs.some((r) => r.mode === 'joblib') && json.runs.some((r) => r.mode === 'dask'), JSON.stringify(json.runs.map((r) => r.mode)));
    assert.ok(!json.warnings.some((w) => /left .*process|still running/i.test(w)), json.warnings.join('\n'));
    // Gone when the CLI is: nothing waited for.
    assert.deepEqual(carriers(s.token), []);
    assert.deepEqual(leftovers(s.tmp), []);
  } finally {
    s.dispose();
  }
});
