// Blocking calls made directly in event-loop context.
import * as fs from 'fs';
import { readFileSync as slurp } from 'node:fs';
import { execSync } from 'child_process';
import zlib from 'zlib';
import { pbkdf2Sync } from 'crypto';

export async function loadUser(id: string): Promise<string> {
  const raw = fs.readFileSync(`/data/${id}.json`, 'utf8');
  //          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  return raw;
}

export const saveUser = async (id: string, body: string) => {
  fs.writeFileSync(`/data/${id}.json`, body);
//^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
};

export async function readAliased(path: string) {
  return slurp(path).toString();
  //     ^^^^^^^^^^^ blocking-call-in-async
}

export class Deployer {
  async currentCommit(): Promise<string> {
    return execSync('git rev-parse HEAD').toString().trim();
    //     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  }
}

export function compressLater(data: Buffer): Promise<Buffer> {
  return Promise.resolve(data).then((d) => zlib.gzipSync(d));
  //                                       ^^^^^^^^^^^^^^^^ blocking-call-in-async
}

export function hashInExecutor(password: string): Promise<Buffer> {
  return new Promise((resolve) => {
    resolve(pbkdf2Sync(password, 'salt', 100_000, 64, 'sha512'));
    //      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  });
}

export async function waitOnLock(cell: Int32Array) {
  Atomics.wait(cell, 0, 0);
//^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

export async function eachFile(paths: string[]) {
  // An inline callback runs inside the async function that calls map().
  return paths.map((p) => fs.statSync(p).size);
  //                      ^^^^^^^^^^^^^^ blocking-call-in-async
}

export function poll(path: string) {
  setInterval(() => {
    fs.readFileSync(path);
  }, 1000);
}

// Hot-path evidence for the file-system and zlib calls above: a request handler runs them.
import { createServer } from 'node:http';
// (poll's timer reads a file once a second: a timer is no evidence, and it is quiet.)
export const server = createServer(async (req, res) => {
  const id = String(req.url);
  await saveUser(id, await loadUser(id));
  res.end(await compressLater(Buffer.from(await readAliased(id))));
});
