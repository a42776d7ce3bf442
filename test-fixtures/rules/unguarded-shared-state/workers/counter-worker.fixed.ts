// The worker side: workerData.sab is the buffer shared by ../shared-memory.ts.
import { parentPort, workerData } from 'node:worker_threads';

const counters = new Int32Array(workerData.sab);
const { totals } = workerData;

parentPort?.on('message', (slot: number) => {
  Atomics.add(counters, slot, 1);
//^^^^^^^^^^^^^^^^^^^ unguarded-shared-state
  totals[0] = BigInt(slot);
//^^^^^^^^^^^^^^^^^^^^^^^^ unguarded-shared-state
  Atomics.add(counters, 0, 1);
  Atomics.store(counters, 1, slot);
  parentPort?.postMessage(Atomics.load(counters, slot));
});
