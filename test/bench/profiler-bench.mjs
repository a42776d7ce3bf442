// Profiler benchmarks, run by `npm run bench` (after `tsc -b`) or on their own:
//   node test/bench/profiler-bench.mjs
// 1. The built-in pool's per-task dispatch overhead against piscina's, measured side
//    by side in this run on a no-op task (target: ratio ≤ 1.0).
// 2. The profiler's own overhead on measured task time: the same ~1 ms task timed bare
//    and timed by the profiler (target: ≤ 5%).
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const profilerOut = join(root, 'out', 'server', 'src', 'profiler');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function timeBatch(submit, n) {
  const t0 = performance.now();
  const all = new Array(n);
  for (let i = 0; i < n; i++) all[i] = submit(i);
  await Promise.all(all);
  return ((performance.now() - t0) * 1000) / n;
}

async function timeRoundTrips(submit, n) {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await submit(i);
  return ((performance.now() - t0) * 1000) / n;
}

/** Per-task dispatch cost of a no-op task, µs, for both pools at the same worker count. */
async function benchDispatch(workers, out) {
  const { WorkerPool } = require(join(profilerOut, 'pool.js'));
  const { Piscina } = require('piscina');
  const dir = mkdtempSync(join(tmpdir(), 'loopwise-bench-'));
  const bundle = join(dir, 'noop.cjs');
  writeFileSync(bundle, "globalThis[Symbol.for('loopwise.profile.target')] = (x) => x;\n");
  const piscinaWorker = join(dir, 'noop-piscina.cjs');
  writeFileSync(piscinaWorker, 'module.exports = (x) => x;\n');

  const ours = await WorkerPool.start({ script: join(profilerOut, 'profiler-host.js'), bundlePath: bundle, size: workers });
  const theirs = new Piscina({ filename: pathToFileURL(piscinaWorker).href, minThreads: workers, maxThreads: workers, idleTimeout: 60_000 });
  const submitOurs = (i) => ours.submit([i]);
  const submitTheirs = (i) => theirs.run(i);
  // Warm both up (JIT, worker start), then alternate rounds so drift hits both alike.
  await timeBatch(submitOurs, 2000);
  await timeBatch(submitTheirs, 2000);
  const batch = { ours: [], theirs: [] };
  const trip = { ours: [], theirs: [] };
  for (let round = 0; round < 5; round++) {
    batch.ours.push(await timeBatch(submitOurs, 10_000));
    batch.theirs.push(await timeBatch(submitTheirs, 10_000));
    trip.ours.push(await timeRoundTrips(submitOurs, 2000));
    trip.theirs.push(await timeRoundTrips(submitTheirs, 2000));
  }
  await ours.destroy();
  await theirs.destroy();
  rmSync(dir, { recursive: true, force: true });
  const rows = [
    ['throughput (10k queued)', median(batch.ours), median(batch.theirs)],
    ['round trip (one at a time)', median(trip.ours), median(trip.theirs)],
  ];
  for (const [name, a, b] of rows) {
    out.push({ bench: `pool dispatch, ${workers} worker${workers > 1 ? 's' : ''}, ${name}`, loopwiseUs: +a.toFixed(2), piscinaUs: +b.toFixed(2), ratio: +(a / b).toFixed(3), target: '≤ 1.0' });
  }
}

/** A fixed amount of arithmetic, about 1 ms. */
const TASK_SOURCE = `export function work(n) {\n  let x = 0;\n  for (let i = 0; i < n; i++) x = (x * 31 + 7) % 1000003;\n  return x;\n}\n`;

async function benchProfilerOverhead(out) {
  const { runProfile } = require(join(profilerOut, 'index.js'));
  const dir = mkdtempSync(join(tmpdir(), 'loopwise-bench-'));
  const file = join(dir, 'work.mjs');
  writeFileSync(file, TASK_SOURCE);
  const { work } = await import(pathToFileURL(file).href);
  const n = 250_000;
  const tasks = 200;
  for (let i = 0; i < 200; i++) work(n);
  const bare = [];
  for (let i = 0; i < tasks; i++) {
    const t0 = performance.now();
    work(n);
    bare.push(performance.now() - t0);
  }
  const result = await runProfile({ file, target: { kind: 'function', name: 'work' }, tasks: Array.from({ length: tasks }, () => [n]), maxWorkers: 1 });
  rmSync(dir, { recursive: true, force: true });
  const bareMs = median(bare);
  for (const run of result.runs) {
    const measured = median(run.tasks.map((t) => t.endMs - t.startMs));
    out.push({
      bench: `profiler overhead on task time, ${run.mode}${run.mode === 'worker-pool' ? ` ×${run.workers}` : ''}`,
      bareMs: +bareMs.toFixed(4),
      measuredMs: +measured.toFixed(4),
      overheadPct: +(((measured - bareMs) / bareMs) * 100).toFixed(2),
      target: '≤ 5%',
    });
  }
}

export async function main() {
  const out = [];
  await benchDispatch(1, out);
  await benchDispatch(2, out);
  await benchProfilerOverhead(out);
  console.log('profiler benchmarks');
  console.table(out);
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
