import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { helper } from './lib/helper';

export async function status(): Promise<string> {
  helper(await readFile('x', 'utf8'));
  return execFileSync('git', ['status']).toString();
  //     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}
