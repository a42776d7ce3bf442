// loopwise-test-fix: fix-all
import { readFileSync, writeFileSync } from 'node:fs';
import { exec } from 'node:child_process';
import { gzip } from 'node:zlib';
import { pbkdf2 } from 'node:crypto';
import { createServer } from 'node:http';
import { readFile, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';

export async function copyConfig(from: string, to: string): Promise<number> {
  const text = await readFile(from, 'utf8');
  //           ^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  await writeFile(to, text.toUpperCase());
//^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
  return text.length;
}

export async function head(): Promise<string> {
  return (await promisify(exec)('git rev-parse HEAD', { encoding: 'utf8' })).stdout.trim();
  //     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

export async function pack(data: Buffer): Promise<Buffer> {
  return await promisify(gzip)(data);
  //     ^^^^^^^^^^^^^^ blocking-call-in-async
}

export async function hash(password: string): Promise<Buffer> {
  return await promisify(pbkdf2)(password, 'salt', 1000, 32, 'sha256');
  //     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

// Hot-path evidence: a file-system call is reported when a request handler reaches it.
export const server = createServer(async (req, res) => {
  const n = await copyConfig(String(req.url), '/tmp/copy');
  res.end(await pack(Buffer.from(String(n))));
});
