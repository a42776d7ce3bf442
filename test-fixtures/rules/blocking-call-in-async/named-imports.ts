// loopwise-test-fix: fix-all
import { readFileSync, writeFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { pbkdf2Sync } from 'node:crypto';
import { createServer } from 'node:http';

export async function copyConfig(from: string, to: string): Promise<number> {
  const text = readFileSync(from, 'utf8');
  //           ^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  writeFileSync(to, text.toUpperCase());
//^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
  return text.length;
}

export async function head(): Promise<string> {
  return execSync('git rev-parse HEAD', { encoding: 'utf8' }).trim();
  //     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

export async function pack(data: Buffer): Promise<Buffer> {
  return gzipSync(data);
  //     ^^^^^^^^^^^^^^ blocking-call-in-async
}

export async function hash(password: string): Promise<Buffer> {
  return pbkdf2Sync(password, 'salt', 1000, 32, 'sha256');
  //     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

// Hot-path evidence: a file-system call is reported when a request handler reaches it.
export const server = createServer(async (req, res) => {
  const n = await copyConfig(String(req.url), '/tmp/copy');
  res.end(await pack(Buffer.from(String(n))));
});
