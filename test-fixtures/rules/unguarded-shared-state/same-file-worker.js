// One file as both sides: new Worker(__filename) with an isMainThread branch.
const { Worker, isMainThread, workerData } = require('node:worker_threads');

if (isMainThread) {
  const buffer = new SharedArrayBuffer(8);
  const view = new Int32Array(buffer);
  new Worker(__filename, { workerData: { buffer } });
  setInterval(() => {
    view[0] = view[0] + 1;
 // ^^^^^^^^^^^^^^^^^^^^^ unguarded-shared-state
  }, 100);
} else {
  const view = new Int32Array(workerData.buffer);
  for (let i = 0; i < 1000; i++) view[0]++;
  //                             ^^^^^^^^^ unguarded-shared-state
}
