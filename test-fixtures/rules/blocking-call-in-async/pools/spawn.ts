// Worker pools and threads, and the modules they load as their tasks (tasks/): a task
// module runs on the pool's threads, not on this event loop, so what it blocks is
// its own thread. A module named by something that is not a pool stays main-thread code.
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import Piscina from 'piscina';
import { createServer } from 'node:http';
import { digestNow } from './tasks/shared-task';

class Loader {
  constructor(readonly options: { filename: string }) {}
}

const hashTask = resolve(__dirname, 'tasks/ok-hash-task.ts');
export const hashes = new Piscina({ filename: hashTask });
export const sizes = new Piscina({ filename: resolve(__dirname, 'tasks/shared-task.ts') });

export async function resize(path: string): Promise<number> {
  return hashes.run(path, { filename: join(__dirname, 'tasks', 'ok-resize-task.js') });
}

export function startThread(): Worker {
  return new Worker(join(__dirname, 'tasks/ok-thread-task.js'));
}

export const loader = new Loader({ filename: resolve(__dirname, 'tasks/config-task.ts') });

export async function digestHandler(path: string): Promise<string> {
  // The shared task module is imported here too: its function also runs on this thread.
  return digestNow(path);
}

// Hot-path evidence for shared-task.ts's file read: a request handler awaits digestHandler.
export const server = createServer(async (req, res) => res.end(await digestHandler(String(req.url))));
