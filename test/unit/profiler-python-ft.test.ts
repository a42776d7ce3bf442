/**
 * The free-threaded path of the Python profiler: how its run is added, what the notes and
 * the verdict say, and how its failures are contained. A real free-threaded CPython is not
 * on CI's machines, so the interpreters here are stub scripts that answer the probe and
 * run the machine's python3 for anything else, and the numbers are the shape of a real
 * run (3.13.5 built with --disable-gil; see docs/profiler.md).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { findFreeThreadedPython } from '../../server/src/profiler/python/find-free-threaded.js';
import { FREE_THREADED_MODE, addFreeThreadedRun, freeThreadedFailureNote, noFreeThreadedNote, type RunnerResult } from '../../server/src/profiler/python/assemble-python.js';
import { classifyPython, freeThreadedSentence, recommendPython } from '../../server/src/profiler/verdict-python.js';
import { formatProfileText } from '../../server/src/profiler/format-text.js';
import { ProfileError, runProfile, type ProfileProgress, type ProfileResult, type RunResult, type TaskRecord } from '../../server/src/profiler/index.js';

const hasPython = spawnSync('python3', ['--version']).status === 0;
const skip = hasPython ? false : 'python3 is not on PATH';
const YES = '{"build": true, "gil": false, "version": "3.13.5"}';

/** Four tasks of `each` ms, run `lanes` at a time, all on CPU. */
function tasks(each: number, lanes: number, busyShare = 1): TaskRecord[] {
  return [0, 1, 2, 3].map((i) => ({ index: i, worker: i % lanes, queuedMs: 0, startMs: Math.floor(i / lanes) * each, endMs: (Math.floor(i / lanes) + 1) * each, busyMs: each * busyShare }));
}

function run(mode: RunResult['mode'], workers: number, wallMs: number, seqMs: number, extra: Partial<RunResult> = {}): RunResult {
  const speedup = seqMs / wallMs;
  return { mode, workers, wallMs, cpuMs: seqMs, speedup, efficiency: speedup / workers, startupMs: 0, eventLoopDelayP99Ms: 0, tasks: tasks(wallMs / (4 / workers), workers), matchesSequential: true, results: [1, 1, 1, 1], ...extra };
}

const clone = { argsBytes: 40, resultsBytes: 20, cloneMs: 0.01 };

/** The runs of a naive CPU-bound function under a GIL: threads 1×, processes 1.9×. */
function gilBoundRuns(): RunResult[] {
  return [run('sequential', 1, 2000, 2000), run('thread-pool', 1, 2010, 2000), run('thread-pool', 2, 2050, 2000), run('process-pool', 1, 2030, 2000), run('process-pool', 2, 1050, 2000)];
}

function resultOf(runs: RunResult[], classification: ProfileResult['classification']): ProfileResult {
  const best = runs.reduce((a, b) => (b.wallMs < a.wallMs ? b : a));
  return {
    language: 'python',
    function: 'count_primes',
    file: '/tmp/work.py',
    tasks: 4,
    classification,
    recommendation: recommendPython(classification, 'count_primes', false, 2),
    best: { mode: best.mode, workers: best.workers, wallMs: best.wallMs, speedup: best.speedup },
    limitSpeedup: 2,
    runs,
    cores: 2,
    clone,
    dispatchOverheadMs: 0.1,
    isAsync: false,
    warnings: [],
    startedAt: new Date(0).toISOString(),
    python: { version: '3.11.7', executable: '/usr/bin/python3', gilDisabled: false },
  } as ProfileResult;
}

/** The free-threaded pass's own runs: sequential 1.4× slower than under the GIL (3.13t has no specializing interpreter), the pool of 2 1.9× its own sequential. */
function ftPass(seqMs: number, poolMs: number, extra: { gilDisabled?: boolean; runQueueMs?: number; poolWaitMs?: number; results?: unknown[] } = {}): RunnerResult {
  const seq = { ...run('sequential', 1, seqMs, seqMs), runQueueMs: extra.runQueueMs ?? 0 };
  const pool = { ...run('thread-pool', 2, poolMs, seqMs, extra.results ? { results: extra.results, matchesSequential: false, mismatchedTasks: [2] } : {}), taskRunQueueMs: extra.poolWaitMs ?? 0 };
  const strip = ({ speedup: _s, efficiency: _e, ...r }: RunResult) => r;
  return { cores: 2, maxWorkers: 2, isAsync: false, clone, runs: [strip(seq), strip(pool)], warnings: [], python: { version: '3.13.5', executable: '/usr/local/bin/python3.13t', gilDisabled: extra.gilDisabled ?? true } };
}

test('a selected free-threaded interpreter is never gil-bound; its reason does not blame the GIL', () => {
  const runs = gilBoundRuns();
  assert.equal(classifyPython(runs, clone, 2, 0.1), 'gil-bound');
  // Threads that do not scale without a GIL: the work computes, and processes are the advice.
  assert.equal(classifyPython(runs, clone, 2, 0.1, true), 'cpu-bound');
  const stuck = recommendPython('cpu-bound', 'f', false, 2, { gilDisabled: true, bestThread: 1.0 });
  assert.equal(stuck.model, 'ProcessPoolExecutor');
  assert.match(stuck.reason, /runs without the GIL, yet its threads gave no speed-up/);
  assert.match(stuck.sketch, /__main__/);
  const scales = recommendPython('cpu-bound', 'f', false, 2, { gilDisabled: true, bestThread: 1.8 });
  assert.equal(scales.model, 'ThreadPoolExecutor');
  assert.match(scales.reason, /this interpreter runs without the GIL/);
  // Under a GIL, threads that scale are code that releases it.
  assert.match(recommendPython('cpu-bound', 'f', false, 2).reason, /releases the GIL/);
});

test('the gil-bound reason says what the free-threaded run measured', () => {
  assert.match(freeThreadedSentence(undefined), /Free-threaded Python, 3\.13t and later, lifts this/);
  const base = { version: '3.13.5', workers: 2, ownSpeedup: 1.9, gilDisabled: true, bestProcess: 1.9 };
  assert.match(freeThreadedSentence({ ...base, speedup: 1.35 }), /ran 1\.35× as fast as the sequential run under the GIL \(1\.90× its own sequential run; processes 1\.90×\): switching to that interpreter and keeping threads is an alternative to processes, though processes did better here\.$/);
  assert.match(freeThreadedSentence({ ...base, speedup: 1.8 }), /is an alternative to processes\.$/);
  // Measured on a 2-core machine: fib(28) × 4, 3.13.5t against 3.13.5 with the GIL.
  assert.match(freeThreadedSentence({ ...base, speedup: 0.97, ownSpeedup: 1.99 }), /ran only 0\.97× .*: its threads scaled, but it runs one thread slower than the interpreter with the GIL, so switching interpreters did not pay in this profile\.$/);
  assert.match(freeThreadedSentence({ ...base, speedup: 1.17, ownSpeedup: 1.93 }), /switching interpreters gained little in this profile\.$/);
  assert.match(freeThreadedSentence({ ...base, speedup: 0.8, ownSpeedup: 1.0 }), /ran only 0\.80× [^:]*\): switching interpreters did not pay in this profile/);
  assert.match(freeThreadedSentence({ ...base, speedup: 0.8, busy: true }), /ran only 0\.80× .*other processes held the cores/);
  assert.match(freeThreadedSentence({ ...base, speedup: 1.0, gilDisabled: false }), /GIL came back on/);
});

test('addFreeThreadedRun: speedup against the GIL sequential run, its own scaling in the note, the reason updated', () => {
  const r = resultOf(gilBoundRuns(), 'gil-bound');
  addFreeThreadedRun(r, ftPass(2800, 1480), '/opt/ft-bin/python3.13t');
  const ft = r.runs.filter((x) => x.mode === FREE_THREADED_MODE);
  assert.equal(ft.length, 1);
  assert.equal(ft[0].workers, 2);
  assert.ok(Math.abs(ft[0].speedup - 2000 / 1480) < 1e-9);
  assert.ok(Math.abs(ft[0].efficiency! - 2000 / 1480 / 2) < 1e-9);
  // The process pool (1050 ms) stays the best run.
  assert.equal(r.best.mode, 'process-pool');
  assert.equal(r.classification, 'gil-bound');
  const note = r.warnings.find((w) => w.startsWith('Free-threaded run under /opt/ft-bin/python3.13t (3.13.5)'));
  assert.ok(note, r.warnings.join('\n'));
  assert.match(note, /ran 1\.35× as fast as the sequential run under the GIL, 1\.89× its own sequential run; sequential under 3\.13\.5 took 2800\.0 ms against 2000\.0 ms under 3\.11\.7 with the GIL\./);
  assert.equal(r.recommendation.model, 'ProcessPoolExecutor');
  assert.match(r.recommendation.reason, /Measured here, a thread pool of 2 under free-threaded Python 3\.13\.5 ran 1\.35×.*processes 1\.90×/);
  assert.ok(!r.warnings.some((w) => /held the cores/.test(w)), r.warnings.join('\n'));
});

test('addFreeThreadedRun: the best run, a busy machine, the GIL back on, a race', () => {
  // Faster than every run under the GIL: it becomes the best.
  const fast = resultOf(gilBoundRuns(), 'gil-bound');
  addFreeThreadedRun(fast, ftPass(1900, 1000), '/x/python3.13t');
  assert.deepEqual({ mode: fast.best.mode, workers: fast.best.workers }, { mode: FREE_THREADED_MODE, workers: 2 });
  // The free-threaded sequential run waited 40% of its time for a core.
  const busy = resultOf(gilBoundRuns(), 'gil-bound');
  addFreeThreadedRun(busy, ftPass(3000, 2600, { runQueueMs: 1200 }), '/x/python3.13t');
  assert.ok(busy.warnings.some((w) => /Other processes held the cores .* the one under 3\.13\.5 40%/.test(w)), busy.warnings.join('\n'));
  assert.match(busy.recommendation.reason, /profile again on a quieter machine/);
  // Both sequential runs had a core, but the pool's tasks waited for the second: 600 ms of
  // the 4 × 1300 ms they took.
  const second = resultOf(gilBoundRuns(), 'gil-bound');
  addFreeThreadedRun(second, ftPass(2600, 2600, { poolWaitMs: 600 }), '/x/python3.13t');
  assert.ok(second.warnings.some((w) => /the tasks of its thread pool 12%\)/.test(w)), second.warnings.join('\n'));
  assert.ok(!('taskRunQueueMs' in second.runs.at(-1)!), 'the runner-only field stays out of the result');
  // 300 ms of waiting is under a tenth: no note.
  const fine = resultOf(gilBoundRuns(), 'gil-bound');
  addFreeThreadedRun(fine, ftPass(2600, 2600, { poolWaitMs: 300 }), '/x/python3.13t');
  assert.ok(!fine.warnings.some((w) => /held the cores/.test(w)), fine.warnings.join('\n'));
  // An extension without free-threading support switched the GIL back on.
  const gil = resultOf(gilBoundRuns(), 'gil-bound');
  addFreeThreadedRun(gil, ftPass(2800, 2800, { gilDisabled: false }), '/x/python3.13t');
  assert.ok(gil.warnings.some((w) => /free-threaded build, but the GIL was enabled while the profile ran/.test(w)));
  assert.match(gil.recommendation.reason, /GIL came back on/);
  // Different results from the pool without the GIL: the race is the first note.
  const race = resultOf(gilBoundRuns(), 'gil-bound');
  addFreeThreadedRun(race, ftPass(2800, 1480, { results: [1, 1, 2, 1] }), '/x/python3.13t');
  assert.match(race.warnings[0], /thread-pool-free-threaded run with 2 workers returned different results .* tasks 2: without the GIL, hidden shared state races/);
  // A verdict other than gil-bound keeps its recommendation (threads that scaled 1.98×).
  const io = resultOf([run('sequential', 1, 2000, 2000), run('thread-pool', 1, 2010, 2000), run('thread-pool', 2, 1010, 2000)], 'io-bound');
  const before = io.recommendation;
  addFreeThreadedRun(io, ftPass(2800, 1480), '/x/python3.13t');
  assert.deepEqual(io.recommendation, before);
});

test('notes when no free-threaded run happens', () => {
  assert.match(noFreeThreadedNote([]), /^No free-threaded Python \(python3\.16t, .*\) was found/);
  assert.equal(
    noFreeThreadedNote([{ executable: '/usr/bin/python3.13t', version: '3.13.5' }]),
    '/usr/bin/python3.13t (3.13.5) is a free-threaded build, but the GIL was on when asked (PYTHON_GIL=1 in the environment?), so there is no thread-pool run without the GIL.',
  );
  const t = freeThreadedFailureNote('/x/python3.13t', '3.13.5', new ProfileError({ kind: 'timeout', message: 'The profile timed out after 7 s', mode: 'thread-pool', workers: 2 }), 7.2);
  assert.match(t, /^The free-threaded pass under \/x\/python3\.13t \(3\.13\.5\) did not finish, so there is no thread-pool-free-threaded run: it ran out of the 7 s left of the profile's timeout during its thread-pool run\. Raise the timeout/);
  const m = freeThreadedFailureNote('/x/python3.13t', '3.13.5', new ProfileError({ kind: 'target-not-found', message: "Loading /w/a.py failed: ModuleNotFoundError: No module named 'numpy'" }), 50);
  assert.match(m, /The module 'numpy' is not installed for \/x\/python3\.13t; packages of the selected interpreter are not visible to it\./);
  assert.match(freeThreadedFailureNote('/x/python3.13t', '3.13.5', new Error('boom'), 50), /run: boom$/);
});

/** A folder with one stub interpreter per name: the probe gets `probe`, anything else runs `body`. */
function stubDir(stubs: Record<string, { probe: string; body?: string }>): string {
  const dir = mkdtempSync(join(tmpdir(), 'loopwise-ft-'));
  for (const [name, s] of Object.entries(stubs)) {
    const p = join(dir, name);
    writeFileSync(p, `#!/bin/sh\nif [ "$1" = "-c" ]; then echo '${s.probe}'; exit 0; fi\n${s.body ?? 'exec python3 "$@"'}\n`);
    chmodSync(p, 0o755);
  }
  return dir;
}

test('findFreeThreadedPython lists the free-threaded builds that had the GIL on', async () => {
  const dir = stubDir({ 'python3.14t': { probe: '{"build": true, "gil": true, "version": "3.14.0"}' }, 'python3.13t': { probe: '{"build": false, "gil": true, "version": "3.13.5"}' } });
  try {
    const gilOn: { executable: string; version: string }[] = [];
    assert.equal(await findFreeThreadedPython('python3', dir, gilOn), null);
    // A build without Py_GIL_DISABLED (a mislabelled python3.13t) is neither found nor listed.
    assert.deepEqual(gilOn, [{ executable: join(dir, 'python3.14t'), version: '3.14.0' }]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

async function withPath<T>(dir: string, f: () => Promise<T>): Promise<T> {
  const saved = process.env.PATH;
  process.env.PATH = `${dir}${delimiter}${saved}`;
  try {
    return await f();
  } finally {
    process.env.PATH = saved;
  }
}

test('a free-threaded pass that fails leaves the profile standing, with a note', { skip }, async () => {
  const work = mkdtempSync(join(tmpdir(), 'loopwise-ft-work-'));
  const file = join(work, 'needs_numpy.py');
  // The module imports a package that only the selected interpreter has: here, one that
  // nobody has, imported only where the stub sets LOOPWISE_FT_STUB.
  writeFileSync(file, 'import os\nif os.environ.get("LOOPWISE_FT_STUB"):\n    import loopwise_not_installed_anywhere\n\ndef double(x):\n    return 2 * x\n');
  const crashes = stubDir({ 'python3.13t': { probe: YES, body: 'echo "Fatal Python error: init failed" >&2; exit 3' } });
  const missing = stubDir({ 'python3.13t': { probe: YES, body: 'LOOPWISE_FT_STUB=1 exec python3 "$@"' } });
  const req = { file, target: { kind: 'function' as const, name: 'double' }, tasks: [[1], [2], [3], [4]], maxWorkers: 2 };
  try {
    const a = await withPath(crashes, () => runProfile(req));
    assert.deepEqual(a.runs[0].results, [2, 4, 6, 8]);
    assert.ok(!a.runs.some((x) => x.mode === FREE_THREADED_MODE));
    assert.ok(a.warnings.some((w) => w.startsWith(`The free-threaded pass under ${join(crashes, 'python3.13t')} (3.13.5) did not finish`) && /exited \(code 3\)/.test(w)), a.warnings.join('\n'));
    const b = await withPath(missing, () => runProfile(req));
    assert.ok(b.runs.some((x) => x.mode === 'process-pool'));
    assert.ok(b.warnings.some((w) => /No module named 'loopwise_not_installed_anywhere'.*packages of the selected interpreter are not visible to it/.test(w)), b.warnings.join('\n'));
  } finally {
    for (const d of [work, crashes, missing]) rmSync(d, { recursive: true, force: true });
  }
});

test('the free-threaded pass continues the progress bar and names its mode', { skip }, async () => {
  const dir = stubDir({ 'python3.13t': { probe: YES } });
  const file = join(__dirname, '..', '..', '..', 'test-fixtures', 'profiler', 'python', 'workloads.py');
  const seen: ProfileProgress[] = [];
  try {
    const r = await withPath(dir, () => runProfile({ file, target: { kind: 'function', name: 'sleepy' }, tasks: [[5], [5]], maxWorkers: 2 }, { onProgress: (p) => seen.push(p) }));
    assert.ok(r.runs.some((x) => x.mode === FREE_THREADED_MODE));
    const fractions = seen.map((p) => p.fraction);
    assert.deepEqual(fractions, [...fractions].sort((a, b) => a - b), `fractions go back: ${fractions.join(', ')}`);
    const ft = seen.filter((p) => p.message.startsWith('free-threaded 3.13.5: '));
    assert.ok(ft.length >= 2, seen.map((p) => p.message).join(' | '));
    assert.ok(ft.some((p) => p.mode === FREE_THREADED_MODE && p.workers === 2));
    // It continues from the main pass (the engine pass, after it, continues further).
    const main = seen.slice(0, seen.indexOf(ft[0]));
    assert.ok(ft.every((p) => p.fraction >= Math.max(...main.map((q) => q.fraction))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the text table keeps its columns apart for the free-threaded run', () => {
  const r = resultOf(gilBoundRuns(), 'gil-bound');
  addFreeThreadedRun(r, ftPass(2800, 1480), '/x/python3.13t');
  const rows = formatProfileText(r).split('\n');
  const header = rows.find((l) => l.startsWith('run '))!;
  const ft = rows.find((l) => l.startsWith('thread-pool-free-threaded ×2'))!;
  assert.match(ft, /^thread-pool-free-threaded ×2 +1480\.0 /);
  // Every row's wall column starts under the header's.
  const col = header.indexOf('wall ms');
  for (const l of rows.filter((x) => /^(sequential|thread-pool|process-pool)/.test(x))) assert.match(l.slice(col), /^\d+\.\d /, l);
});

test('with a real free-threaded CPython on PATH: its threads run the Python at once', { skip }, async (ctx) => {
  // Skipped where there is none (CI, Debian 12). Found means it answered the probe with
  // Py_GIL_DISABLED set and the GIL off.
  const real = await findFreeThreadedPython('python3');
  if (!real) return ctx.skip('no free-threaded python3.13t or later on PATH');
  const file = join(__dirname, '..', '..', '..', 'test-fixtures', 'profiler', 'python', 'workloads.py');
  const r = await runProfile({ file, target: { kind: 'function', name: 'naive_sum' }, tasks: Array(4).fill([2_000_000]), maxWorkers: 2 });
  const ft = r.runs.find((x) => x.mode === FREE_THREADED_MODE);
  assert.ok(ft, r.warnings.join('\n'));
  assert.ok(ft.matchesSequential);
  assert.ok(!r.warnings.some((w) => /GIL was enabled while the profile ran/.test(w)), r.warnings.join('\n'));
  assert.ok(r.warnings.some((w) => w.startsWith(`Free-threaded run under ${real.executable} (${real.version})`)));
  if (r.classification === 'gil-bound') assert.match(r.recommendation.reason, /Measured here, a thread pool of 2 under free-threaded Python/);
  // Two threads computing at once use more than one core's time per wall second, which a
  // GIL never allows; unless other processes held the second core, which the notes say.
  if (!r.warnings.some((w) => /held the cores/.test(w))) assert.ok(ft.cpuMs / ft.wallMs > 1.2, `${ft.cpuMs} ms CPU in ${ft.wallMs} ms`);
});
