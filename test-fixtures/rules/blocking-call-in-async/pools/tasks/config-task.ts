// Handed as `filename` to a class of the program's own, not to a pool: main-thread code.
import { execFileSync } from 'node:child_process';

export default async function load(path: string): Promise<string> {
  return execFileSync('cat', [path], { encoding: 'utf8' });
  //     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}
