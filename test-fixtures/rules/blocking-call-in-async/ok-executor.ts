// A promise made and kept inside a sync function (nodemon's watch() builds its
// watcher in the executor): the executor blocks that function, and nothing on the
// event loop calls it here (run() is a plain sync function, called by whoever).
import { statSync } from 'node:fs';

export function watch(dir: string): Promise<number> {
  const ready = new Promise<number>((resolve) => {
    resolve(statSync(dir).size);
  });
  return ready.then((n) => n + 1);
}

export function run(dir: string): void {
  void watch(dir);
}
