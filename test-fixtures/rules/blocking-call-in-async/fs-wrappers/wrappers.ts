// fs-extra and graceful-fs re-export Node's fs: their sync calls block like fs's,
// and so do fs-extra's own sync functions (copySync, readJsonSync, ensureDirSync…).
import * as fse from 'fs-extra';
import { readJsonSync } from 'fs-extra';
import { readFileSync as gracefulRead } from 'graceful-fs';
import { createServer } from 'node:http';

export async function copyConfig(from: string, to: string): Promise<void> {
  const text = fse.readFileSync(from, 'utf8');
  //           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  fse.writeFileSync(to, text);
//^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
  await fse.ensureDir(to);
}

export async function load(path: string): Promise<string> {
  return gracefulRead(path, 'utf8');
  //     ^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

export async function publish(from: string, to: string): Promise<unknown> {
  fse.ensureDirSync(to);
//^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  fse.copySync(from, to);
//^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
  return readJsonSync(`${to}/package.json`);
  //     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
}

// Hot-path evidence: a file-system call is reported when a request handler reaches it.
export const server = createServer(async (req, res) => {
  const path = String(req.url);
  await copyConfig(path, '/tmp/copy');
  await publish(path, '/tmp/out');
  res.end(await load(path));
});
