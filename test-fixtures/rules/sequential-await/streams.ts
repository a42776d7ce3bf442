// Flagged: each iteration opens its own stream from the item (its own file), so the
// reads are independent; and a reader handed a plain value is not draining a stream.
import { createReadStream, type ReadStream } from 'node:fs';

function readAll(s: ReadStream): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    s.on('data', (chunk) => { data += chunk; });
    s.on('end', () => resolve(data));
  });
}

declare function fetchText(url: string): Promise<string>;

export async function readFiles(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    const s = createReadStream(path);
    out.push(await readAll(s));
    //       ^^^^^^^^^^^^^^^^ sequential-await
  }
  return out;
}

export async function fetchAll(items: { url: string }[]): Promise<string[]> {
  const out: string[] = [];
  for (const item of items) out.push(await fetchText(item.url));
  //                                 ^^^^^^^^^^^^^^^^^^^^^^^^^ sequential-await
  return out;
}
