// A worker thread's entry module: it answers its parent's messages, so all of it
// runs on the worker's own thread. Blocking there is the point of the worker;
// the main event loop goes on serving.
import { parentPort, workerData, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { readFileSync } from 'node:fs';

const root: string = workerData.root;

function waitForWork(port: MessagePort, signal: Int32Array): void {
  while (signal[0] === 0) {
    Atomics.wait(signal, 0, 0);
    const entry = receiveMessageOnPort(port);
    if (entry) void handle(entry.message);
  }
}

async function handle(name: string): Promise<void> {
  const text = readFileSync(`${root}/${name}`, 'utf8');
  parentPort!.postMessage(text.length);
}

parentPort!.on('message', async (message: { port: MessagePort; signal: Int32Array }) => {
  waitForWork(message.port, message.signal);
});
