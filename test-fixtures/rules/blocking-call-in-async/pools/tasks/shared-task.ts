// A pool's task module that main-thread code also imports (spawn.ts digestHandler):
// what it exports may run on the event loop too.
import { readFileSync } from 'node:fs';

export async function digestNow(path: string): Promise<string> {
  return readFileSync(path, 'utf8');
  //     ^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

export default digestNow;
