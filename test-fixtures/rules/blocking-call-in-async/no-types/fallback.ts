// Without @types/node the rule falls back to the import and require specifiers.
import * as fs from 'node:fs';
import { execSync as run } from 'child_process';
declare const require: (id: string) => any;
const zlib = require('zlib');

export async function build(dir: string) {
  run(`make -C ${dir}`);
//^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  const data = fs.readFileSync(dir + '/out.bin');
  return zlib.gzipSync(data);
}

// A user's own object is still not fs.
const store = { readFileSync: (p: string) => p.length };
export async function count(p: string) {
  return store.readFileSync(p);
}
