// The package's main: anyone may call render, from anywhere; and what it imports is its runtime.
import { execFileSync } from 'node:child_process';
export { lookup } from './lookup.mjs';

export async function render(file) {
  return execFileSync('cat', [file], { encoding: 'utf8' });
  //     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}
