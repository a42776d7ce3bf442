// `.call()`, `.apply()` and `.bind()` of a blocking function run it all the same:
// the checker says they are Function's own methods, and the function is followed.
import * as fs from 'node:fs';
import { createServer } from 'node:http';

const readBound = fs.readFileSync.bind(fs);

function loadSync(path: string): string {
  return fs.readFileSync(path, 'utf8');
  //     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

export async function viaCall(path: string): Promise<Buffer> {
  return fs.readFileSync.call(fs, path);
  //     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

export async function viaBoundConst(path: string): Promise<Buffer> {
  return readBound(path);
  //     ^^^^^^^^^^^^^^^ blocking-call-in-async
}

export async function viaApply(path: string): Promise<void> {
  fs.statSync.apply(fs, [path]);
//^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

// Each of these reaches loadSync's read, which is reported once, above.
export async function helperCall(path: string): Promise<string> {
  return loadSync.call(null, path);
}

export async function helperApply(path: string): Promise<string> {
  return loadSync.apply(null, [path]);
}

export async function helperBind(path: string): Promise<string> {
  return loadSync.bind(null)(path);
}

// A method of the user's own that is called `call` is not Function.prototype.call.
const rpc = {
  call(method: string): string {
    return method.toUpperCase();
  },
};

export async function remote(): Promise<string> {
  return rpc.call('status');
}

// Hot-path evidence: a file-system call is reported when a request handler reaches it.
export const server = createServer(async (req, res) => {
  const path = String(req.url);
  await viaApply(path);
  res.end(String([await viaCall(path), await viaBoundConst(path), await helperCall(path), await helperApply(path), await helperBind(path), await remote()]));
});
