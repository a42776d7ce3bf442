// A worker thread's entry module: heavy work here is what the worker is for,
// and the main event loop goes on serving while it runs.
import { parentPort } from 'node:worker_threads';

interface Job { left: string[]; right: string[] }

function pairs(job: Job): number {
  let n = 0;
  for (const a of job.left) {
    for (const b of job.right) if (a === b) n++;
  }
  return n;
}

parentPort!.on('message', async (job: Job) => {
  parentPort!.postMessage(pairs(job));
});
