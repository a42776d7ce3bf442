// Typed arrays that are not shared with a worker, and shared ones used correctly.
import { Worker } from 'node:worker_threads';

// A SharedArrayBuffer that never leaves this thread.
const local = new Int32Array(new SharedArrayBuffer(16));
export function bump(): void {
  local[0]++;
}

// A plain ArrayBuffer is copied to the worker, not shared.
const copied = new Int32Array(new ArrayBuffer(16));
new Worker('./copy-worker.js', { workerData: { copied } });
export function touch(): void {
  copied[0] = 1;
}

// Shared, but every write goes through Atomics or a lock.
const sab = new SharedArrayBuffer(16);
const flags = new Int32Array(sab);
new Worker('./flag-worker.js', { workerData: sab });
export function signal(): void {
  Atomics.store(flags, 0, 1);
  Atomics.notify(flags, 0);
}
export function withSpinLock(value: number): void {
  while (Atomics.compareExchange(flags, 1, 0, 1) !== 0);
  flags[2] = value;
  Atomics.store(flags, 1, 0);
}
