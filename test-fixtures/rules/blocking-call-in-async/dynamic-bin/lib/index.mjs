// The package's library (its `main`): anyone may call render, from anywhere.
import { readFileSync } from 'node:fs';

export async function render(file) {
  return readFileSync(file, 'utf8').toUpperCase();
  //     ^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

export function version() {
  return '1.0.0';
}
