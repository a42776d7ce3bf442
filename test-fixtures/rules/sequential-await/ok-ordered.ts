// Loops that must stay sequential, or that are not a map over data.
import { promises as fsp } from 'node:fs';

declare function fetchPage(cursor: string | undefined): Promise<{ items: string[]; next?: string }>;
declare function tryConnect(): Promise<boolean>;
declare function sleep(ms: number): Promise<void>;
declare function runMigration(name: string): Promise<void>;
declare function fetchSize(url: string): Promise<number>;
declare function fetchUser(id: string): Promise<{ id: string }>;
declare function resize(path: string): Promise<void>;
declare function build(name: string, done?: Map<string, string>): Promise<string>;
declare const stream: { write(chunk: string): Promise<void> };

// Effects only: nothing is collected.
export async function resizeAll(paths: string[]): Promise<void> {
  for (const path of paths) await resize(path);
}

export async function removeAll(files: string[]): Promise<void> {
  for (const file of files) await fsp.unlink(file);
}

export async function logUsers(ids: string[]): Promise<void> {
  for (const id of ids) {
    const user = await fetchUser(id);
    console.log(user.id);
  }
}

// A value carried from one iteration to the next: pagination.
export async function paginate(): Promise<string[]> {
  const all: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 10; page++) {
    const result = await fetchPage(cursor);
    all.push(...result.items);
    cursor = result.next;
  }
  return all;
}

// Retry and search loops: an early exit that depends on the awaited result.
export async function connect(): Promise<boolean> {
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await tryConnect()) return true;
    await sleep(100 * attempt);
  }
  return false;
}

export async function firstLarge(urls: string[]): Promise<string | undefined> {
  const seen: string[] = [];
  for (const url of urls) {
    seen.push(url);
    if ((await fetchSize(url)) > 1000) {
      break;
    }
  }
  return seen.pop();
}

// Polling.
export async function untilReady(): Promise<void> {
  while (!(await tryConnect())) {
    await sleep(50);
  }
}

// Rate-limited on purpose.
export async function politeCrawl(urls: string[]): Promise<number[]> {
  const out: number[] = [];
  for (const url of urls) {
    out.push(await fetchSize(url));
    await sleep(1000);
  }
  return out;
}

// Already concurrent, in batches, or iterating an async source.
export async function batches(chunks: string[][]): Promise<number[][]> {
  const out: number[][] = [];
  for (const chunk of chunks) out.push(await Promise.all(chunk.map((u) => fetchSize(u))));
  return out;
}

export async function concurrent(urls: string[], source: AsyncIterable<string>): Promise<number[]> {
  const out: number[] = [];
  for await (const line of source) out.push(await fetchSize(line));
  return out.concat(await Promise.all(urls.map((u) => fetchSize(u))));
}

// The collection's name says the order matters; topologically ordered steps.
export async function migrate(migrations: string[]): Promise<string[]> {
  const done: string[] = [];
  for (const m of migrations) {
    await runMigration(m);
    done.push(m);
  }
  return done;
}

export async function buildAll(sortedPackages: string[]): Promise<Map<string, string>> {
  const built = new Map<string, string>();
  for (const name of sortedPackages) built.set(name, await build(name));
  return built;
}

// Each step reads what the earlier ones stored.
export async function buildInTurn(names: string[]): Promise<Map<string, string>> {
  const built = new Map<string, string>();
  for (const name of names) built.set(name, await build(name, built));
  return built;
}

export async function dedupe(ids: string[]): Promise<Map<string, { id: string }>> {
  const users = new Map<string, { id: string }>();
  for (const id of ids) {
    if (users.has(id)) continue;
    users.set(id, await fetchUser(id));
  }
  return users;
}

// Hooks, middleware, callbacks: the items are functions, or the callee is the item or its method.
type Hook = (event: string) => Promise<string>;
export async function runHooks(hooks: Hook[], event: string): Promise<string[]> {
  const out: string[] = [];
  for (const hook of hooks) out.push(await hook(event));
  return out;
}

interface Plugin { describe(name: string): Promise<string> }
export class Host {
  private plugins: Plugin[] = [];
  async describeAll(name: string): Promise<string[]> {
    const out: string[] = [];
    for (const plugin of this.plugins) out.push(await plugin.describe(name));
    return out;
  }
}

export async function mapWith(items: string[], fn: (item: string) => Promise<number>): Promise<number[]> {
  const out: number[] = [];
  for (const item of items) out.push(await fn(item));
  return out;
}

// Teardown in reverse.
export async function stopAll(services: string[]): Promise<number[]> {
  const codes: number[] = [];
  for (const s of [...services].reverse()) codes.push(await fetchSize(s));
  for (let i = services.length - 1; i >= 0; i--) codes.push(await fetchSize(services[i]));
  return codes;
}

// One connection, transaction, query runner or cursor: the same receiver every iteration.
interface Connection { query(sql: string, args: unknown[]): Promise<unknown[]> }
export async function selectEach(conn: Connection, ids: string[]): Promise<unknown[][]> {
  const rows: unknown[][] = [];
  for (const id of ids) rows.push(await conn.query('select * from t where id = ?', [id]));
  return rows;
}

export class Repository {
  constructor(private readonly runner: Connection) {}
  async hasTables(names: string[]): Promise<boolean[]> {
    const out: boolean[] = [];
    for (const name of names) out.push((await this.runner.query('select 1 from ?', [name])).length > 0);
    return out;
  }
  async loadAll(ids: string[]): Promise<unknown[]> {
    const out: unknown[] = [];
    for (const id of ids) out.push(await this.load(id));
    return out;
  }
  private async load(id: string): Promise<unknown> {
    return (await this.runner.query('select * from t where id = ?', [id]))[0];
  }
}

// Writes to one stream.
export async function writeAll(lines: string[]): Promise<void> {
  for (const line of lines) await stream.write(line);
}

// The code says the order is intended.
export async function oneAtATime(ids: string[]): Promise<{ id: string }[]> {
  const users: { id: string }[] = [];
  // one at a time: the upstream API rejects concurrent requests
  for (const id of ids) users.push(await fetchUser(id));
  return users;
}

export async function onPurpose(ids: string[]): Promise<{ id: string }[]> {
  const users: { id: string }[] = [];
  for (const id of ids) {
    // Sequential on purpose, to avoid concurrent queries on the shared pool.
    users.push(await fetchUser(id));
  }
  return users;
}

export async function eslintSaysSo(urls: string[]): Promise<number[]> {
  const out: number[] = [];
  for (const url of urls) {
    const size = await fetchSize(url);
    // eslint-disable-next-line no-await-in-loop
    out.push(size + (await fetchSize(`${url}.sig`)));
  }
  return out;
}

// Output before and after each await: run together, the lines would interleave.
export async function bumpAll(workspaces: Map<string, string>): Promise<string[]> {
  const out: string[] = [];
  for (const [name, path] of workspaces) {
    console.log(name);
    const version = await build(path);
    console.log(`  ${version}`);
    out.push(version);
  }
  return out;
}

// Promises that already exist: awaiting them in turn starts no work.
export async function settle(pending: Record<string, Promise<string>>): Promise<string[]> {
  const out: string[] = [];
  for (const key in pending) {
    const promise = pending[key];
    const value = await promise;
    out.push(value);
  }
  return out;
}

// The loop also removes from a collection that later code reads: state shared across iterations.
declare function confirm(name: string): Promise<boolean>;
export async function confirmEach(names: string[], left: Set<string>): Promise<string[]> {
  const confirmed: string[] = [];
  for (const name of names) {
    if (await confirm(name)) {
      left.delete(name);
      confirmed.push(name);
    }
  }
  return confirmed;
}

// The awaited call only wraps the real work, a call on one shared object.
declare function timed<T>(work: Promise<T>): Promise<T>;
export class Mirror {
  constructor(private readonly client: { size(id: string): Promise<number> }) {}
  async sizes(ids: string[]): Promise<number[]> {
    const out: number[] = [];
    for (const id of ids) out.push(await timed(this.client.size(id)));
    return out;
  }
}

// One side of a choice whose other side runs the same work with Promise.all: the
// author chose sequential for this case (typeorm: one pg client takes one query at a time).
export async function perDriver(driver: string, ids: string[]): Promise<Array<{ id: string }>> {
  let users: Array<{ id: string }>;
  if (driver === 'postgres') {
    users = [];
    for (const id of ids) {
      users.push(await fetchUser(id));
    }
  } else {
    users = await Promise.all(ids.map(fetchUser));
  }
  return users;
}

export async function perDriverEarlyReturn(driver: string, urls: string[]): Promise<number[]> {
  if (driver === 'postgres') {
    const sizes: number[] = [];
    for (const url of urls) {
      sizes.push(await fetchSize(url));
    }
    return sizes;
  }
  return Promise.all(urls.map(fetchSize));
}
