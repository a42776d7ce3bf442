import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { helper } from './lib/helper';

export async function status(): Promise<string> {
  helper(await readFile('x', 'utf8'));
  return (await promisify(execFile)('git', ['status'])).stdout.toString();
  //     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}
