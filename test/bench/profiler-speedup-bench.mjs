// The profiler's verdict on CPU-bound work, with its speedup: run by `npm run bench`
// (after `tsc -b`) or alone: node test/bench/profiler-speedup-bench.mjs
// Four ~100 ms busy loops (test-fixtures/profiler/cpu-bound.ts) profiled with up to 2
// workers; target: the 2-worker pool beats sequential (speedup > 1) and the verdict is
// cpu-bound. A speedup needs a free core, so this is a benchmark, not a unit test
// (test/unit/profiler.test.ts checks what holds under any load). The run-queue wait
// says how much other processes held the cores.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const { runProfile } = require(join(root, 'out', 'server', 'src', 'profiler', 'index.js'));

const r = await runProfile({
  file: join(root, 'test-fixtures', 'profiler', 'cpu-bound.ts'),
  target: { kind: 'function', name: 'spin' },
  tasks: Array(4).fill([23_000_000]),
  maxWorkers: 2,
});
const seq = r.runs.find((x) => x.mode === 'sequential');
const two = r.runs.find((x) => x.mode === 'worker-pool' && x.workers === 2);
console.log('profiler verdict on CPU-bound work');
console.table([{
  bench: 'cpu-bound busy loop, 4 tasks',
  classification: r.classification,
  sequentialMs: +seq.wallMs.toFixed(0),
  twoWorkersMs: two ? +two.wallMs.toFixed(0) : null,
  speedup: two ? +two.speedup.toFixed(2) : null,
  limitSpeedup: +r.limitSpeedup.toFixed(2),
  runQueueWaitMs: +(seq.runQueueMs ?? 0).toFixed(0),
  target: 'speedup > 1, cpu-bound',
}]);
