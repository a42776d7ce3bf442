// Modules that may run on the main thread too are still checked.
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

// Reports to a parent when there is one: it also runs where parentPort is null.
export async function report(path: string): Promise<void> {
  const text = readFileSync(path, 'utf8');
  //           ^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  if (parentPort) parentPort.postMessage(text);
}

// Asks which side it is on: the main side's functions run on the event loop.
export async function loadShared(): Promise<string> {
  return isMainThread ? readFileSync('/srv/shared.json', 'utf8') : String(workerData);
  //                    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

// Hot-path evidence: a file-system call is reported when a request handler reaches it.
export const server = createServer(async (req, res) => {
  await report(String(req.url));
  res.end(await loadShared());
});
