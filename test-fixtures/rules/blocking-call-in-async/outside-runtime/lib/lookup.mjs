// Re-exported by the package's main: part of its runtime, checked as usual.
import { execFileSync } from 'node:child_process';

export async function lookup(name) {
  return execFileSync('getent', ['hosts', name], { encoding: 'utf8' });
  //     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}
