/**
 * Profile Selection on the scale-out engines (issue 14): joblib's loky backend, a Dask
 * LocalCluster, and a Dask cluster at a scheduler address, here one this file starts on
 * 127.0.0.1 in a child process it kills. They need an interpreter with joblib and
 * dask.distributed (Debian: apt-get install python3-joblib python3-distributed, which
 * .ci/run does); without one, the tests that need them are skipped and say why.
 *
 * Nothing here asserts speed: a speedup is checked as CPU time used in parallel (every
 * task's work done in worker processes, spread over more than one) and as a verdict
 * consistent with its own numbers, so the suite passes on a loaded 2-core machine.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { runProfile, POOL_MODES, ProfileError, type ProfileRequest, type ProfileResult } from '../../server/src/profiler/index.js';
import { SCALE_OUT_WORK_OVER_DISPATCH, SCALES_SPEEDUP } from '../../server/src/profiler/thresholds.js';
import { INCONCLUSIVE_MODEL } from '../../server/src/profiler/verdict-checks.js';
import { daskSchedulerProblem } from '../../server/src/profiler/python/run-python.js';
import { PROFILER_DEFAULTS, profilerEngines } from '../../server/src/profiler/protocol.js';
import { addEngineRuns, assemblePython } from '../../server/src/profiler/python/assemble-python.js';
import type { RawProfile, RawRun } from '../../server/src/profiler/types.js';
import { carriers } from '../helpers/process-carriers.js';

const root = join(__dirname, '..', '..', '..');
const file = join(root, 'test-fixtures', 'profiler', 'python', 'engines.py');
const cli = join(root, 'dist', 'cli.js');

const hasEngines = (python: string) => spawnSync(python, ['-c', 'import joblib, distributed'], { stdio: 'ignore' }).status === 0;
/** The first interpreter with both engines: python3 on PATH, else Debian's. */
const enginePython = ['python3', '/usr/bin/python3'].find(hasEngines);
const skip = enginePython ? false : 'no interpreter with joblib and dask.distributed (python3 on PATH, /usr/bin/python3); apt-get install python3-joblib python3-distributed';
const linux = process.platform === 'linux';

const req = (name: string, tasks: unknown[][], extra: Partial<ProfileRequest> = {}): ProfileRequest => ({
  file, target: { kind: 'function', name }, tasks, maxWorkers: 2, timeoutSeconds: 300, pythonPath: enginePython, ...extra,
});
const summary = (r: ProfileResult) => `${r.classification} / ${r.recommendation.model}: ${r.runs.map((x) => `${x.mode}×${x.workers} ${x.speedup.toFixed(2)}`).join(', ')} | ${r.warnings.join(' | ')}`;

/** The verdict agrees with its numbers: never a mode that measured slower than sequential. */
function assertConsistent(r: ProfileResult): void {
  for (const x of r.runs) assert.equal(x.efficiency !== undefined, POOL_MODES.includes(x.mode), `efficiency of ${x.mode}`);
  if (r.inconclusive) {
    assert.equal(r.recommendation.model, INCONCLUSIVE_MODEL);
    assert.ok(r.inconclusive.evidence.length > 0);
    return;
  }
  const mode = r.recommendation.mode;
  if (mode) {
    const got = Math.max(...r.runs.filter((x) => x.mode === mode).map((x) => x.speedup));
    assert.ok(got >= 1, `recommended ${mode}, measured ${got.toFixed(2)}×: ${summary(r)}`);
  }
}

test('joblib and Dask runs on CPU-bound work: results equal sequential, the work done in parallel worker processes, a consistent verdict', { skip }, async (ctx) => {
  const r = await runProfile(req('count_primes', Array(4).fill([30_000])));
  ctx.diagnostic(summary(r));
  const seq = r.runs.find((x) => x.mode === 'sequential')!;
  const seqBusy = seq.tasks.reduce((a, t) => a + t.busyMs, 0);
  for (const mode of ['joblib', 'dask'] as const) {
    const runs = r.runs.filter((x) => x.mode === mode);
    assert.deepEqual(runs.map((x) => x.workers), [1, 2], `${mode} over 1..2 workers: ${summary(r)}`);
    for (const x of runs) {
      assert.ok(x.matchesSequential, `${mode} ×${x.workers}`);
      assert.deepEqual(x.results, seq.results, `${mode} ×${x.workers} results`);
      assert.equal(x.tasks.length, 4);
    }
    const wide = runs[1];
    // Parallel CPU time: the tasks ran in two worker processes, and their CPU time there
    // is the work itself (thread CPU time, which load does not inflate), not a stub's.
    assert.equal(new Set(wide.tasks.map((t) => t.worker)).size, 2, `${mode} ×2 used both workers`);
    const busy = wide.tasks.reduce((a, t) => a + t.busyMs, 0);
    assert.ok(busy >= 0.5 * seqBusy, `${mode} ×2: ${busy.toFixed(0)} ms of CPU in the workers against ${seqBusy.toFixed(0)} ms sequential`);
    assert.ok(wide.cpuMs >= busy, `${mode} ×2: the run's CPU time holds the workers' (${wide.cpuMs.toFixed(0)} ms, ${busy.toFixed(0)} ms)`);
    // Start-up is reported apart from the run, as for the pools.
    assert.ok(wide.startupMs > 0, `${mode} ×2 start-up`);
  }
  // Dask's start-up is the cluster's: worker processes started, module loaded in each.
  const engines = r.scaleOut ?? [];
  assert.deepEqual(engines.map((e) => e.mode), ['joblib', 'dask']);
  for (const e of engines) {
    assert.ok(Number.isFinite(e.dispatchPerTaskMs) && e.dispatchPerTaskMs >= 0, `${e.mode} dispatch ${e.dispatchPerTaskMs}`);
    assert.equal(e.pays, e.taskMs >= SCALE_OUT_WORK_OVER_DISPATCH * e.dispatchPerTaskMs && e.bestSpeedup >= SCALES_SPEEDUP, `${e.mode}: pays follows its numbers`);
    assert.match(e.version, /\d/);
  }
  if (!r.inconclusive) assert.match(r.recommendation.reason, /Scale-out engines: joblib \(loky\) (pays|does not pay|did not scale)/, r.recommendation.reason);
  assertConsistent(r);
  // What an engine that pays is recommended for: the recommendation names it only when it ran clearly faster.
  if (r.recommendation.mode === 'joblib' || r.recommendation.mode === 'dask') assert.ok(engines.find((e) => e.mode === r.recommendation.mode)!.pays);
  assert.ok(r.warnings.some((w) => /Parallel\(n_jobs=1\) in the calling process/.test(w)), 'joblib ×1 is said to run in-process');
});

/** A Dask scheduler and two one-thread workers on 127.0.0.1, in a child process of its own group. */
async function startCluster(dir: string): Promise<{ address: string; child: ChildProcess; stop: () => Promise<void> }> {
  const script = [
    'import logging, sys',
    'from distributed import LocalCluster',
    'if __name__ == "__main__":',
    '    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", scheduler_port=0, dashboard_address=None, silence_logs=logging.ERROR)',
    '    print(cluster.scheduler_address, flush=True)',
    '    sys.stdin.read()',
    '    cluster.close()',
  ].join('\n');
  writeFileSync(join(dir, 'cluster.py'), script);
  const child = spawn(enginePython!, [join(dir, 'cluster.py')], { cwd: dir, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  const address = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /tcp:\/\/127\.0\.0\.1:\d+/.exec(out);
      if (m) resolve(m[0]);
    });
    child.on('exit', (code) => reject(new Error(`the test's cluster exited (${code}) before it listened: ${err.slice(-2000)}`)));
  });
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  return {
    address,
    child,
    stop: async () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
      await exited;
    },
  };
}

test('--dask-scheduler / daskScheduler: the dask run goes to a real cluster on loopback instead of a LocalCluster', { skip: skip || !linux }, async (ctx) => {
  const dir = mkdtempSync(join(tmpdir(), 'lw-dask-cluster-'));
  const cluster = await startCluster(dir);
  try {
    ctx.diagnostic(`scheduler ${cluster.address}`);
    const r = await runProfile(req('count_primes', Array(4).fill([20_000]), { daskScheduler: cluster.address, maxWorkers: 1 }));
    ctx.diagnostic(summary(r));
    assert.equal(r.runs.filter((x) => x.mode === 'dask').length, 0, 'no LocalCluster run when a scheduler is set');
    const remote = r.runs.filter((x) => x.mode === 'dask-remote');
    assert.equal(remote.length, 1, summary(r));
    const run = remote[0];
    assert.deepEqual(run.cluster, { scheduler: cluster.address, workers: 2, threads: 2 });
    assert.equal(run.workers, 2, "the run's width is the cluster's threads");
    assert.ok(run.matchesSequential);
    assert.deepEqual(run.results, r.runs[0].results);
    // The tasks ran in the cluster's worker processes, not in the profiler's.
    const clusterPids = new Set(spawnSync('ps', ['-o', 'pid=', '--ppid', String(cluster.child.pid)], { encoding: 'utf8' }).stdout.split(/\s+/).filter(Boolean).map(Number));
    assert.ok(clusterPids.size >= 2, `the cluster's worker processes: ${[...clusterPids].join(', ')}`);
    assert.equal(run.workerStats?.length ? run.workerStats.reduce((a, w) => a + w.tasks, 0) : 0, 4);
    assert.ok(r.scaleOut?.some((e) => e.mode === 'dask-remote' && e.name === `Dask cluster at ${cluster.address}`), JSON.stringify(r.scaleOut));
    assertConsistent(r);
    // The same through the CLI's flag, in text.
    const text = spawnSync(process.execPath, [cli, 'profile', file, '--function', 'tiny', '--args', '[[1],[2]]', '--workers', '1', '--python', enginePython!, '--dask-scheduler', cluster.address, '--timeout', '300'], { encoding: 'utf8' });
    assert.equal(text.status, 0, text.stdout + text.stderr);
    assert.match(text.stdout, /^dask-remote ×2 .*match$/m, text.stdout);
    assert.match(text.stdout, new RegExp(`scale-out: Dask cluster at ${cluster.address.replace(/\./g, '\\.')}`), text.stdout);
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a broken cluster address: a clear note, no hang, and the other runs report', { skip }, async (ctx) => {
  // A port nothing listens on: a server bound and closed again.
  const net = await import('node:net');
  const port = await new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  const address = `tcp://127.0.0.1:${port}`;
  const r = await runProfile(req('tiny', [[1], [2]], { daskScheduler: address, maxWorkers: 1 }));
  ctx.diagnostic(r.warnings.join(' | '));
  assert.ok(r.warnings.some((w) => w.includes(`could not connect to the Dask scheduler at ${address} within`)), r.warnings.join('\n'));
  assert.ok(!r.runs.some((x) => x.mode === 'dask' || x.mode === 'dask-remote'));
  for (const mode of ['sequential', 'thread-pool', 'process-pool', 'joblib']) assert.ok(r.runs.some((x) => x.mode === mode), `${mode} still reports: ${summary(r)}`);
  // Not an address at all: said before anything connects, and the CLI calls it bad usage.
  const bad = await runProfile(req('tiny', [[1]], { daskScheduler: 'localhost:8786', maxWorkers: 1 }));
  assert.ok(bad.warnings.some((w) => w.startsWith("The Dask scheduler address 'localhost:8786' is not of the form tcp://host:port: no dask run on a cluster.")), bad.warnings.join('\n'));
  assert.ok(bad.runs.some((x) => x.mode === 'joblib'));
  assert.equal(daskSchedulerProblem('tcp://[::1]:8786'), undefined);
  assert.match(daskSchedulerProblem('tcp://host:99999') ?? '', /no valid port/);
  const usage = spawnSync(process.execPath, [cli, 'profile', file, '--function', 'tiny', '--args', '[[1]]', '--dask-scheduler', 'nope'], { encoding: 'utf8' });
  assert.equal(usage.status, 2);
  assert.match(usage.stdout, /The Dask scheduler address 'nope' is not of the form tcp:\/\/host:port/);
});

test('a worker that dies mid-run: a note per engine, and the other runs report', { skip }, async (ctx) => {
  const r = await runProfile(req('dies_in_engine', [[1], [2], [3], [4]]));
  ctx.diagnostic(r.warnings.join(' | '));
  assert.ok(r.warnings.some((w) => /^The joblib run with 2 workers did not finish, so there are no further joblib runs: .*A worker process died/.test(w)), r.warnings.join('\n'));
  assert.ok(r.warnings.some((w) => /^The dask run with 1 worker did not finish, so there are no further dask runs: .*A worker process died/.test(w)), r.warnings.join('\n'));
  for (const mode of ['sequential', 'thread-pool', 'process-pool']) assert.ok(r.runs.some((x) => x.mode === mode && x.matchesSequential), `${mode}: ${summary(r)}`);
  // joblib with one worker runs in the calling process, where the task does not die.
  assert.deepEqual(r.runs.filter((x) => x.mode === 'joblib').map((x) => x.workers), [1]);
  assert.equal(r.runs.filter((x) => x.mode === 'dask').length, 0);
});

test('a missing engine: "joblib is not installed in <python>: no joblib run", and the other runs report', { skip: !linux ? 'Linux only' : spawnSync('python3', ['-c', 'pass']).status !== 0 ? 'python3 is not on PATH' : false }, async () => {
  // An import that fails, whatever is installed: a joblib and a distributed that raise ImportError, first on PYTHONPATH.
  const dir = mkdtempSync(join(tmpdir(), 'lw-no-engines-'));
  for (const m of ['joblib', 'distributed']) {
    mkdirSync(join(dir, m));
    writeFileSync(join(dir, m, '__init__.py'), `raise ImportError("${m} hidden by the test")\n`);
  }
  try {
    const python = enginePython ?? 'python3';
    const res = spawnSync(process.execPath, [cli, 'profile', file, '--function', 'tiny', '--args', '[[1],[2]]', '--workers', '1', '--python', python, '--format', 'json'], {
      encoding: 'utf8', env: { ...process.env, PYTHONPATH: dir },
    });
    assert.equal(res.status, 0, res.stdout + res.stderr);
    const json = JSON.parse(res.stdout) as { warnings: string[]; runs: { mode: string }[] };
    assert.ok(json.warnings.includes(`joblib is not installed in ${python}: no joblib run.`), json.warnings.join('\n'));
    assert.ok(json.warnings.includes(`dask.distributed is not installed in ${python}: no dask run.`), json.warnings.join('\n'));
    assert.deepEqual([...new Set(json.runs.map((x) => x.mode))], ['sequential', 'thread-pool', 'process-pool']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('loopwise.profiler.engines / --engines: a left-out engine is neither imported nor noted, none skips the engine pass', { skip: !linux ? 'Linux only' : spawnSync('python3', ['-c', 'pass']).status !== 0 ? 'python3 is not on PATH' : false }, () => {
  // The same hidden engines as above: an engine the runner imports says it is not installed,
  // so a note that is missing shows the runner was told not to import that engine.
  const dir = mkdtempSync(join(tmpdir(), 'lw-engines-setting-'));
  for (const m of ['joblib', 'distributed']) {
    mkdirSync(join(dir, m));
    writeFileSync(join(dir, m, '__init__.py'), `raise ImportError("${m} hidden by the test")\n`);
  }
  const python = enginePython ?? 'python3';
  const profile = (engines: string) => {
    const res = spawnSync(process.execPath, [cli, 'profile', file, '--function', 'tiny', '--args', '[[1],[2]]', '--workers', '1', '--python', python, '--engines', engines, '--format', 'json'], {
      encoding: 'utf8', env: { ...process.env, PYTHONPATH: dir },
    });
    assert.equal(res.status, 0, res.stdout + res.stderr);
    return (JSON.parse(res.stdout) as { warnings: string[] }).warnings.filter((w) => /not installed/.test(w));
  };
  try {
    assert.deepEqual(profile('none'), []);
    assert.deepEqual(profile('joblib'), [`joblib is not installed in ${python}: no joblib run.`]);
    assert.deepEqual(profile('dask'), [`dask.distributed is not installed in ${python}: no dask run.`]);
    assert.deepEqual(profile('dask, joblib'), [`joblib is not installed in ${python}: no joblib run.`, `dask.distributed is not installed in ${python}: no dask run.`]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--engines takes joblib, dask or none, for a .py FILE only', () => {
  for (const bad of ['ray', 'joblib,ray', 'none,dask', ',']) {
    const res = spawnSync(process.execPath, [cli, 'profile', file, '--function', 'tiny', '--args', '[[1]]', '--engines', bad], { encoding: 'utf8' });
    assert.equal(res.status, 2, `--engines ${bad}: ${res.stdout}`);
    assert.match(res.stdout, /--engines takes joblib, dask \(comma-separated\) or none/);
  }
  const ts = join(root, 'test-fixtures', 'profiler', 'cpu-bound.ts');
  const res = spawnSync(process.execPath, [cli, 'profile', ts, '--function', 'spin', '--args', '[[1]]', '--engines', 'none'], { encoding: 'utf8' });
  assert.equal(res.status, 2, res.stdout);
  assert.match(res.stdout, /--engines is for a Python FILE/);
});

test('profilerEngines: the engines a setting names, in run order, once each; not a list is the default', () => {
  assert.deepEqual(profilerEngines(['dask', 'joblib', 'dask', 'ray']), ['joblib', 'dask']);
  assert.deepEqual(profilerEngines([]), []);
  assert.deepEqual(profilerEngines(['dask']), ['dask']);
  assert.deepEqual(profilerEngines('joblib'), [...PROFILER_DEFAULTS.engines]);
  assert.deepEqual(profilerEngines(undefined), ['joblib', 'dask']);
});

test('engines: [\'joblib\'] runs joblib and no Dask, and a Dask scheduler set beside it gets a note instead of a connection', { skip }, async () => {
  const r = await runProfile(req('tiny', [[1], [2]], { maxWorkers: 1, engines: ['joblib'], daskScheduler: 'tcp://127.0.0.1:9' }));
  const modes = new Set(r.runs.map((x) => x.mode));
  assert.ok(modes.has('joblib'), summary(r));
  assert.ok(!modes.has('dask') && !modes.has('dask-remote'), summary(r));
  assert.ok(r.warnings.includes('The Dask scheduler tcp://127.0.0.1:9 was not used: loopwise.profiler.engines (--engines) leaves out dask.'), r.warnings.join('\n'));
  assert.ok(!r.warnings.some((w) => /could not connect/.test(w)), r.warnings.join('\n'));
  const none = await runProfile(req('tiny', [[1], [2]], { maxWorkers: 1, engines: [] }));
  assert.deepEqual([...new Set(none.runs.map((x) => x.mode))], ['sequential', 'thread-pool', 'process-pool']);
  assert.equal(none.scaleOut, undefined);
});

test('cancel mid-run on Dask: the profile ends as cancelled and no worker process or cluster is left', { skip: skip || !linux }, async () => {
  const token = randomUUID();
  const dir = mkdtempSync(join(tmpdir(), 'lw-engine-cancel-'));
  const marker = join(dir, 'started');
  const before = process.env.LOOPWISE_CLEANUP_TOKEN;
  process.env.LOOPWISE_CLEANUP_TOKEN = token;
  const ac = new AbortController();
  try {
    // Every process this profile starts inherits the token (the engine pass starts after
    // the main pass, so it stays set until the profile ends; the tests here run one by one).
    const p = runProfile(req('hangs_in_engine', [[marker]], { maxWorkers: 1 }), { signal: ac.signal });
    for (let i = 0; i < 3000 && !existsSync(marker); i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(existsSync(marker), 'the task never started in an engine worker');
    const workerPid = Number(readFileSync(marker, 'utf8'));
    assert.ok(carriers(token).some((c) => c.pid === workerPid), 'the hanging worker carries the token');
    ac.abort();
    const e = await p.then(() => assert.fail('should be cancelled'), (x: unknown) => x);
    assert.ok(e instanceof ProfileError && e.failure.kind === 'cancelled', String(e));
    let left = carriers(token);
    for (let i = 0; i < 150 && left.length; i++) {
      await new Promise((r) => setTimeout(r, 100));
      left = carriers(token);
    }
    assert.deepEqual(left, [], 'processes survived the cancel');
  } finally {
    if (before === undefined) delete process.env.LOOPWISE_CLEANUP_TOKEN;
    else process.env.LOOPWISE_CLEANUP_TOKEN = before;
    for (const c of carriers(token)) {
      try {
        process.kill(c.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
});

test('engine runs are weighed from their numbers: an engine pays when task work dwarfs its dispatch, and is never recommended slower than sequential', () => {
  const task = (i: number, worker: number, start: number, ms: number) => ({ index: i, worker, queuedMs: 0, startMs: start, endMs: start + ms, busyMs: ms });
  const run = (mode: RawRun['mode'], workers: number, wallMs: number, tasks: ReturnType<typeof task>[], startupMs = 0): RawRun => ({
    mode, workers, wallMs, cpuMs: wallMs * workers, startupMs, eventLoopDelayP99Ms: 0, tasks, results: tasks.map((t) => t.index), matchesSequential: true,
  });
  const seqTasks = [0, 1, 2, 3].map((i) => task(i, 0, i * 100, 100));
  const raw: RawProfile = {
    cores: 2, maxWorkers: 2, isAsync: false, clone: { argsBytes: 40, resultsBytes: 40, cloneMs: 0.01 }, warnings: [],
    python: { version: '3.11.2', executable: '/usr/bin/python3', gilDisabled: false },
    runs: [
      { ...run('sequential', 1, 400, seqTasks), cpuMs: 400 },
      run('thread-pool', 1, 402, seqTasks), run('thread-pool', 2, 400, [task(0, 0, 0, 100), task(1, 1, 0, 100), task(2, 0, 200, 100), task(3, 1, 200, 100)]),
      run('process-pool', 1, 404, seqTasks), run('process-pool', 2, 380, [task(0, 0, 0, 95), task(1, 1, 0, 95), task(2, 0, 190, 95), task(3, 1, 190, 95)]),
    ],
  };
  const profile = () => assemblePython({ file: '/tmp/w.py', target: { kind: 'function', name: 'work' }, tasks: [[1], [2], [3], [4]] }, 'work', raw);
  // joblib: 1 ms of dispatch per task against 100 ms of work, and 1.9× with 2 workers: it pays, and is recommended.
  const r = profile();
  addEngineRuns(r, {
    runs: [run('joblib', 2, 210, [task(0, 0, 1, 100), task(1, 1, 1, 100), task(2, 0, 103, 100), task(3, 1, 103, 100)], 300)],
    warnings: [], engines: { joblib: '1.2.0', dask: null },
  });
  const joblib = r.scaleOut!.find((e) => e.mode === 'joblib')!;
  assert.ok(Math.abs(joblib.dispatchPerTaskMs - (210 * 2 - 400) / 4) < 1e-9, String(joblib.dispatchPerTaskMs));
  assert.equal(joblib.pays, true);
  assert.equal(r.recommendation.mode, 'joblib', r.recommendation.reason);
  assert.match(r.recommendation.sketch, /Parallel\(n_jobs=2\)/);
  assert.match(r.recommendation.reason, /joblib \(loky\) pays here: 5\.0 ms dispatch per task against 100 ms of work per task \(20×\)/);
  // Dask slower than sequential: 50 ms of dispatch per task; it does not pay, is not recommended, and the reason says why.
  const s = profile();
  addEngineRuns(s, {
    runs: [run('dask', 2, 500, [task(0, 0, 50, 100), task(1, 1, 50, 100), task(2, 0, 300, 100), task(3, 1, 300, 100)], 2000)],
    warnings: [], engines: { joblib: null, dask: '2022.12.1' },
  });
  const dask = s.scaleOut!.find((e) => e.mode === 'dask')!;
  assert.equal(dask.pays, false);
  assert.notEqual(s.recommendation.mode, 'dask');
  assert.match(s.recommendation.reason, /Dask LocalCluster does not pay for tasks this short: 150 ms dispatch per task against 100 ms of work per task/);
  assert.ok(!s.recommendation.reason.includes('Dask LocalCluster pays'));
});
