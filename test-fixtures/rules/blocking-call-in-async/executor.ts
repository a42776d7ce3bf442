// A Promise executor runs synchronously inside the function that makes the promise:
// when that function keeps the promise (it does not return it as its result), the
// blocking call blocks that function, and that function's callers are what count.
import { statSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';

export async function refresh(dir: string): Promise<number> {
  const ready = new Promise<number>((resolve) => {
    resolve(statSync(dir).size);
    //      ^^^^^^^^^^^^^ blocking-call-in-async
  });
  return (await ready) + 1;
}

// Returning the promise itself makes an asynchronous API: the executor is where it blocks.
export function load(path: string): Promise<string> {
  return new Promise((resolve) => resolve(readFileSync(path, 'utf8')));
  //                                      ^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

// The same when the promise is held in a local and returned as it is.
export function size(path: string): Promise<number> {
  const done = new Promise<number>((resolve) => {
    resolve(statSync(path).size);
    //      ^^^^^^^^^^^^^^ blocking-call-in-async
  });
  return done;
}

// Hot-path evidence: a file-system call is reported when a request handler reaches it.
export const server = createServer(async (req, res) => {
  const path = String(req.url);
  res.end(`${await refresh(path)} ${await load(path)} ${await size(path)}`);
});
