// Looks like a cache, but the blocking call still runs on every request.
import { readFileSync } from 'fs';
import { createServer } from 'node:http';

const seen = new Map<string, number>();
let busy = false;

// The guard checks a local, not long-lived storage: every call reads the file.
export async function readLocal(path: string): Promise<string> {
  let cached: string | undefined;
  if (cached === undefined) {
    cached = readFileSync(path, 'utf8');
  //         ^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  }
  return cached;
}

// A flag that is set and cleared again is a lock, not a cache: the read runs each time.
export async function exclusiveRead(path: string): Promise<string> {
  if (!busy) {
    busy = true;
    const text = readFileSync(path, 'utf8');
    //           ^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    busy = false;
    return text;
  }
  return '';
}

// The map is only counted; the read is not stored behind it, so it is not memoised.
export async function countAndRead(path: string): Promise<string> {
  seen.set(path, (seen.get(path) ?? 0) + 1);
  return readFileSync(path, 'utf8');
  //     ^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

// Hot-path evidence: a file-system call is reported when a request handler reaches it.
export const server = createServer(async (req, res) => {
  const path = String(req.url);
  res.end(`${await readLocal(path)} ${await exclusiveRead(path)} ${await countAndRead(path)}`);
});
