// The package's library (its `main`): anyone may call render, from anywhere.
import { execFileSync } from 'node:child_process';

export async function render(file) {
  return execFileSync('cat', [file], { encoding: 'utf8' }).toUpperCase();
  //     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

export function version() {
  return '1.0.0';
}
