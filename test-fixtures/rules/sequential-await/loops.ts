// Awaits in loops whose iterations do not depend on each other.
interface User { id: string }
declare function fetchUser(id: string): Promise<User>;
declare function resize(path: string): Promise<void>;
declare function exists(path: string): Promise<boolean>;

export async function loadUsers(ids: string[]): Promise<User[]> {
  const users: User[] = [];
  for (const id of ids) {
    users.push(await fetchUser(id));
    //         ^^^^^^^^^^^^^^^^^^^ sequential-await (hint)
  }
  return users;
}

export async function resizeAll(paths: string[]): Promise<void> {
  for (const path of paths) await resize(path);
  //                        ^^^^^^^^^^^^^^^^^^ sequential-await (hint)
}

export async function byIndex(ids: string[]): Promise<Record<string, User>> {
  const out: Record<string, User> = {};
  for (let i = 0; i < ids.length; i++) {
    out[ids[i]] = await fetchUser(ids[i]);
    //            ^^^^^^^^^^^^^^^^^^^^^^^ sequential-await (hint)
  }
  return out;
}

export async function keys(record: Record<string, string>): Promise<void> {
  for (const key in record) {
    const user = await fetchUser(record[key]);
    //           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ sequential-await (hint)
    console.log(user.id);
  }
}

// A filter with continue is still independent.
export async function present(paths: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const path of paths) {
    if (!(await exists(path))) continue;
    //    ^^^^^^^^^^^^^^^^^^ sequential-await (hint)
    found.push(path);
  }
  return found;
}

// Effects on each item, each on its own object or through a module's function: independent.
import { promises as fsp } from 'node:fs';
interface Connection { close(): Promise<void> }
export async function closeAll(connections: Connection[]): Promise<void> {
  for (const connection of connections) await connection.close();
  //                                    ^^^^^^^^^^^^^^^^^^^^^^^^ sequential-await (hint)
}

export async function removeAll(files: string[]): Promise<void> {
  for (const file of files) await fsp.unlink(file);
  //                        ^^^^^^^^^^^^^^^^^^^^^^ sequential-await (hint)
}

// A registry whose entries are read, not started: the reads are independent.
export class Registry {
  private plugins: Array<{ describe(): Promise<string> }> = [];
  async describeAll(): Promise<string[]> {
    const out: string[] = [];
    for (const plugin of this.plugins) out.push(await plugin.describe());
    //                                          ^^^^^^^^^^^^^^^^^^^^^^^ sequential-await (hint)
    return out;
  }
}

// A list grown from data in a loop is data, not a list of steps.
declare function revoke(token: string): Promise<void>;
export async function revokeMatching(tokens: string[], prefix: string): Promise<void> {
  const toRevoke: string[] = [];
  for (const token of tokens) if (token.startsWith(prefix)) toRevoke.push(token);
  for (const token of toRevoke) await revoke(token);
  //                            ^^^^^^^^^^^^^^^^^^^ sequential-await (hint)
}

// Bookkeeping around the await is not an effect whose order matters.
export async function sizes(paths: string[]): Promise<Map<string, boolean>> {
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
