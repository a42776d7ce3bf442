// loopwise-test-fix: Promise.all (unsafe)
// Loops that map data through an awaited call, one item at a time, and collect the results.
import { promises as fsp } from 'node:fs';

interface User { id: string; active: boolean }
declare function fetchUser(id: string): Promise<User>;
declare function exists(path: string): Promise<boolean>;
declare function isFile(path: string): Promise<boolean>;
declare function fetchActive(id: string): Promise<User>;
declare function fetchSize(url: string): Promise<number>;
declare class Invoice {
  static find(id: string): Promise<Invoice>;
}

// Pushed.
export async function loadUsers(ids: string[]): Promise<User[]> {
  const users: User[] = [];
  users.push(...(await Promise.all(ids.map(async (id) => await fetchUser(id)))));
  return users;
}

// Stored by index, in a counting loop.
export async function byIndex(ids: string[]): Promise<Record<string, User>> {
  const out: Record<string, User> = {};
  for (let i = 0; i < ids.length; i++) {
    out[ids[i]] = await fetchUser(ids[i]);
    //            ^^^^^^^^^^^^^^^^^^^^^^^ sequential-await (hint)
  }
  return out;
}

// Stored by key, in a for…in.
export async function byKey(record: Record<string, string>): Promise<Record<string, User>> {
  const out: Record<string, User> = {};
  for (const key in record) {
    out[key] = await fetchUser(record[key]);
    //         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ sequential-await (hint)
  }
  return out;
}

// Summed.
export async function totalSize(urls: string[]): Promise<number> {
  let total = 0;
  for (const url of urls) total += await fetchSize(url);
  //                               ^^^^^^^^^^^^^^^^^^^^ sequential-await (hint)
  return total;
}

// A filter: the result decides what is collected, with continue or with if.
export async function present(paths: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const path of paths) {
    if (!(await exists(path))) continue;
    //    ^^^^^^^^^^^^^^^^^^ sequential-await (hint)
    found.push(path);
  }
  return found;
}

export async function presentToo(paths: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  await Promise.all(paths.map(async (path) => { if (await isFile(path)) found.add(path); }));
  //                            ^^^^^^^^^^^^^^^^^^ sequential-await (hint)
  return found;
}

// Through a local of the body, into a Map.
export async function activeById(ids: string[]): Promise<Map<string, boolean>> {
  const out = new Map<string, boolean>();
  await Promise.all(ids.map(async (id) => {
    const user = await fetchActive(id);
    //           ^^^^^^^^^^^^^^^^^^^^^ sequential-await (hint)
    out.set(id, user.active);
  }));
  return out;
}

// A module's function and a class's static method hold no per-object state.
export async function sizes(files: string[]): Promise<number[]> {
  const out: number[] = [];
  out.push(...(await Promise.all(files.map(async (file) => (await fsp.stat(file)).size))));
  //                                  ^^^^^^^^^^^^^^^^^^^^ sequential-await (hint)
  return out;
}

export async function invoices(ids: string[]): Promise<Invoice[]> {
  const out: Invoice[] = [];
  out.push(...(await Promise.all(ids.map(async (id) => await Invoice.find(id)))));
  //                             ^^^^^^^^^^^^^^^^^^^^^^ sequential-await (hint)
  return out;
}

// A list grown from data is data, not a list of steps.
export async function matching(tokens: string[], prefix: string): Promise<User[]> {
  const picked: string[] = [];
  for (const token of tokens) if (token.startsWith(prefix)) picked.push(token);
  const out: User[] = [];
  out.push(...(await Promise.all(picked.map(async (token) => await fetchUser(token)))));
  //                                   ^^^^^^^^^^^^^^^^^^^^^^ sequential-await (hint)
  return out;
}

// Bookkeeping around the await is not an effect whose order matters.
export async function checked(paths: string[]): Promise<Map<string, boolean>> {
  const out = new Map<string, boolean>();
  const seen: string[] = [];
  for (const path of paths) {
    seen.push(path);
    const ok = await exists(path);
    //         ^^^^^^^^^^^^^^^^^^ sequential-await (hint)
    out.set(path, ok);
  }
  return out;
}

// "in order to" is ordinary English, not a statement about the loop's order.
export async function forDisplay(ids: string[]): Promise<User[]> {
  const users: User[] = [];
  // load every user in order to show their names
  users.push(...(await Promise.all(ids.map(async (id) => await fetchUser(id)))));
  //                               ^^^^^^^^^^^^^^^^^^^ sequential-await (hint)
  return users;
}

// Calls inside the arguments on the item itself, or on a language global, are data processing.
export async function normalised(urls: string[]): Promise<number[]> {
  const out: number[] = [];
  out.push(...(await Promise.all(urls.map(async (url) => await fetchSize(encodeURI(url.trim()) + JSON.stringify({}))))));
  //                               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ sequential-await (hint)
  return out;
}

// Collected through an inner loop over the result.
declare function lookup(host: string): Promise<string[]>;
export async function addresses(hosts: string[]): Promise<string[][]> {
  const results: string[][] = [];
  for (const host of hosts) {
    const found = await lookup(host);
    //            ^^^^^^^^^^^^^^^^^^ sequential-await (hint)
    for (const address of found) results.push([host, address]);
  }
  return results;
}

// Two sinks into one list are not a read of it.
export async function allAddresses(hosts: string[], v6: boolean): Promise<string[]> {
  const results: string[] = [];
  for (const host of hosts) {
    if (v6) results.push(...(await lookup(`${host}:v6`)));
    //                       ^^^^^^^^^^^^^^^^^^^^^^^^^^ sequential-await (hint)
    results.push(host);
  }
  return results;
}
