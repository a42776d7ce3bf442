// Calls through an interface or an abstract method run one of the implementations
// the program has: each one that blocks is reported once, at its blocking call,
// naming the async code that calls through the interface.
import { readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';

export interface Store {
  read(key: string): string;
}

export class FileStore implements Store {
  read(key: string): string {
    return readFileSync(`/var/store/${key}`, 'utf8');
    //     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  }
}

export class MemoryStore implements Store {
  private items = new Map<string, string>();
  read(key: string): string {
    return this.items.get(key) ?? '';
  }
}

export async function lookup(store: Store, key: string): Promise<string> {
  return store.read(key);
}

export abstract class Source {
  abstract size(path: string): number;

  async describe(path: string): Promise<string> {
    return `${path}: ${this.size(path)} bytes`;
  }
}

export class DiskSource extends Source {
  size(path: string): number {
    return statSync(path).size;
    //     ^^^^^^^^^^^^^^ blocking-call-in-async
  }
}

export class FixedSource extends Source {
  size(): number {
    return 0;
  }
}

// A base method that only throws is how JavaScript declares an abstract one: a call
// of it runs an override.
export class Reader {
  load(_path: string): string {
    throw new Error('not implemented');
  }

  async loadAll(paths: string[]): Promise<string[]> {
    return paths.map((p) => this.load(p));
  }
}

export class FileReader extends Reader {
  load(path: string): string {
    return readFileSync(path, 'utf8');
    //     ^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  }
}

// Hot-path evidence: a file-system call is reported when a request handler reaches it.
export const server = createServer(async (req, res) => {
  const key = String(req.url);
  const reader: Reader = new FileReader();
  res.end(`${await lookup(new FileStore(), key)} ${await new DiskSource().describe(key)} ${(await reader.loadAll([key])).join()}`);
});
