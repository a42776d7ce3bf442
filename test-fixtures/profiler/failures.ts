// Tasks that misbehave; each must end with a clear error, and the next profile must work.
export function infiniteLoop(): number {
  let i = 0;
  for (;;) i++;
}

export function memoryBomb(): number {
  const hoard: number[][] = [];
  for (;;) hoard.push(new Array(1_000_000).fill(1));
}

export function exitsProcess(code: number): number {
  process.exit(code);
}

export function neverSettles(): Promise<number> {
  return new Promise(() => {});
}

export function throwsDeep(n: number): number {
  return helper(n);
}

function helper(n: number): number {
  if (n > 1) throw new Error(`bad input ${n}`);
  return n;
}

// Misbehaves only inside pool workers, so the sequential run passes and the pool must cope.
import { isMainThread } from 'node:worker_threads';

export function exitsInWorker(x: number): number {
  if (!isMainThread) process.exit(3);
  return x;
}

export function bombInWorker(x: number): number {
  const hoard: number[][] = [];
  while (!isMainThread) hoard.push(new Array(1_000_000).fill(x));
  return x;
}

export async function hangsInWorker(x: number): Promise<number> {
  if (!isMainThread) await new Promise(() => {});
  return x;
}
