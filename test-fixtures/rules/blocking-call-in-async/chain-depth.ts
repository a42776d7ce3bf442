// meta.chainDepth (2): a blocking call in the called function or one it calls is
// reported, one three functions down from the call site is not. chain_depth.py is the same in Python.
import { readFileSync } from 'node:fs';

function third(path: string): string {
  return readFileSync(path, 'utf8');
}
function second(path: string): string {
  return third(path);
}
function first(path: string): string {
  return second(path);
}

export async function twoDown(path: string): Promise<string> {
  return second(path);
  //     ^^^^^^^^^^^^ blocking-call-in-async
}

export async function threeDown(path: string): Promise<string> {
  return first(path);
}
