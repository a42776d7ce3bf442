// A worker's entry written for strict null checks: `parentPort?.on` listens for
// the parent's messages; the handler only ever runs on the worker's thread.
import { parentPort } from 'node:worker_threads';
import { execFileSync } from 'node:child_process';

parentPort?.on('message', async (dir: string) => {
  parentPort?.postMessage(execFileSync('du', ['-s', dir]).toString());
});
