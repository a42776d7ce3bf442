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
  Atomics.add(counters, slot, 1);
//^^^^^^^^^^^^^^^^ unguarded-shared-state
  Atomics.add(counters, 1, bytes);
//^^^^^^^^^^^^^^^^^^^^ unguarded-shared-state
  Atomics.store(counters, 2, bytes);
//^^^^^^^^^^^^^^^^^^^ unguarded-shared-state
  Atomics.add(totals, 0, 1n);
//^^^^^^^^^^^ unguarded-shared-state
  ratios[0] = bytes / 2;
//^^^^^^^^^^^^^^^^^^^^^ unguarded-shared-state
  const previous = Atomics.sub(counters, 3, 1);
  //               ^^^^^^^^^^^^^ unguarded-shared-state
  return previous + Atomics.add(counters, 4, 1);
}

worker.on('exit', () => {
  Atomics.store(counters, 5, 0);
//^^^^^^^^^^^^^^^ unguarded-shared-state
});
