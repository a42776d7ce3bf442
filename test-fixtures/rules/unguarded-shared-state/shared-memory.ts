// loopwise-test-fix: fix-all
// The main side: typed arrays over a SharedArrayBuffer that a worker in another file also writes.
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';

const sab = new SharedArrayBuffer(64);
const counters = new Int32Array(sab);
const totals = new BigInt64Array(new SharedArrayBuffer(16));
const ratios = new Float64Array(new SharedArrayBuffer(64));

// Writes before the memory is handed over are initialisation.
counters[0] = 10;

const worker = new Worker(join(__dirname, 'workers', 'counter-worker.js'), { workerData: { sab, totals, ratios } });

export function onRequest(slot: number, bytes: number): number {
  counters[slot]++;
//^^^^^^^^^^^^^^^^ unguarded-shared-state
  counters[1] += bytes;
//^^^^^^^^^^^^^^^^^^^^ unguarded-shared-state
  counters[2] = bytes;
//^^^^^^^^^^^^^^^^^^^ unguarded-shared-state
  totals[0]++;
//^^^^^^^^^^^ unguarded-shared-state
  ratios[0] = bytes / 2;
//^^^^^^^^^^^^^^^^^^^^^ unguarded-shared-state
  const previous = counters[3]--;
  //               ^^^^^^^^^^^^^ unguarded-shared-state
  return previous + Atomics.add(counters, 4, 1);
}

worker.on('exit', () => {
  counters[5] = 0;
//^^^^^^^^^^^^^^^ unguarded-shared-state
});
