// Handed as `filename` to a class of the program's own, not to a pool: main-thread code.
import { readFileSync } from 'node:fs';

export default async function load(path: string): Promise<string> {
  return readFileSync(path, 'utf8');
  //     ^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}
