// Counts orders per region on worker threads, sharing one SharedArrayBuffer.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const REGIONS = 4;

if (isMainThread) {
  const shared = new SharedArrayBuffer(REGIONS * Int32Array.BYTES_PER_ELEMENT);
  const tally = new Int32Array(shared);
  for (let i = 0; i < 2; i++) new Worker(__filename, { workerData: { shared } });
  tally[0] = 0;
} else {
  const tally = new Int32Array((workerData as { shared: SharedArrayBuffer }).shared);
  for (let order = 0; order < 100_000; order++) {
    tally[order % REGIONS] += 1;
  }
  parentPort?.postMessage('done');
}
