// A worker thread's script in CommonJS: it reads workerData while it loads.
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');

(async () => {
  const { files } = workerData;
  const sizes = [];
  for (const file of files) sizes.push(fs.statSync(file).size);
  parentPort.postMessage(sizes);
})();
