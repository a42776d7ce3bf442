// One root cause per function: the blocking calls of one function are fixed
// together, so they are one finding, at the first of them, with the others in
// its related information. Two functions are two places to fix: two findings.
import * as fs from 'node:fs';
import { createServer } from 'node:http';

interface TlsFiles { key: Buffer; cert: Buffer; ca: Buffer }

// Four reads in one sync helper that two async functions call: one finding.
function readTls(dir: string): TlsFiles & { pfx: Buffer } {
  const pfx = fs.readFileSync(`${dir}/server.pfx`);
  //          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  const key = fs.readFileSync(`${dir}/key.pem`);
  //          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
  const cert = fs.readFileSync(`${dir}/cert.pem`);
  //           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
  const ca = fs.readFileSync(`${dir}/ca.pem`);
  //         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
  return { pfx, key, cert, ca };
}

export async function startTls(dir: string): Promise<number> {
  return readTls(dir).key.length;
}

export async function reloadTls(dir: string): Promise<number> {
  return readTls(dir).cert.length;
}

// Two calls on one line in one async function: one finding.
export async function removeSocket(path: string): Promise<void> {
  if (fs.existsSync(path)) fs.unlinkSync(path);
  //  ^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  //                       ^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
}

// Two different sync helpers, each with its own blocking call: two findings,
// though one async function reaches both.
function readManifest(dir: string): string {
  return fs.readFileSync(`${dir}/manifest.json`, 'utf8');
  //     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

function listAssets(dir: string): string[] {
  return fs.readdirSync(`${dir}/assets`);
  //     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

export async function describeBundle(dir: string): Promise<string> {
  return `${readManifest(dir)} ${listAssets(dir).length}`;
}

// Hot-path evidence: a file-system call is reported when a request handler reaches it.
export const server = createServer(async (req, res) => {
  const dir = String(req.url);
  await removeSocket(`${dir}/sock`);
  res.end(`${await startTls(dir)} ${await reloadTls(dir)} ${await describeBundle(dir)}`);
});
