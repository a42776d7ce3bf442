import * as fs from 'fs';
import { readFile } from 'fs/promises';

export async function sizes(a: string, b: string): Promise<number> {
  const first = await readFile(a, 'utf8');
  const second = fs.readFileSync(b, 'utf8');
  //             ^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  fs.mkdirSync('/tmp/out', { recursive: true });
  return first.length + second.length;
}
