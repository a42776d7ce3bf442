// Compiled TypeScript shipped with its declarations: store.d.ts describes this file, and
// the checker reads an import of './store.js' from the .d.ts. The code that runs is here.
import { execFileSync } from 'node:child_process';

export function readTemplate(name) {
  return execFileSync('cat', [`/srv/${name}.html`], { encoding: 'utf8' });
  //     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

export class Store {
  lookup(key) {
    return execFileSync('getent', ['hosts', key], { encoding: 'utf8' });
    //     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  }
}
