import * as fs from 'fs';
import { readFile } from 'fs/promises';
import { createServer } from 'node:http';

export async function sizes(a: string, b: string): Promise<number> {
  const first = await readFile(a, 'utf8');
  const second = fs.readFileSync(b, 'utf8');
  //             ^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  fs.mkdirSync('/tmp/out', { recursive: true });
//^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
  return first.length + second.length;
}

// Hot-path evidence: a file-system call is reported when a request handler reaches it.
export const server = createServer(async (req, res) => res.end(String(await sizes(String(req.url), '/tmp/b'))));
