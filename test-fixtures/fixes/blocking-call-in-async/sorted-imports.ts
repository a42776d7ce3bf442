import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { helper } from './helper';

export async function status(): Promise<string> {
  helper(await readFile('x', 'utf8'));
  return execFileSync('git', ['status']).toString();
}
