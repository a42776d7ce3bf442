// Other linters' comments for the same problem silence Loopwise too, and are never "unused".
import { readFileSync } from 'node:fs';

declare function fetchUser(id: string): Promise<{ id: string }>;
declare function fetchSize(url: string): Promise<number>;

export async function manifest(path: string): Promise<string> {
  // eslint-disable-next-line n/no-sync -- tiny, read once per deploy
  return readFileSync(path, 'utf8');
}

export async function sameLine(path: string): Promise<string> {
  return readFileSync(path, 'utf8'); // eslint-disable-line no-sync
}

export async function legacyPlugin(path: string): Promise<string> {
  /* eslint-disable-next-line node/no-sync, no-console */
  return readFileSync(path, 'utf8');
}

export async function loadUsers(ids: string[]): Promise<{ id: string }[]> {
  const users: { id: string }[] = [];
  for (const id of ids) {
    // eslint-disable-next-line no-await-in-loop
    users.push(await fetchUser(id));
  }
  return users;
}

let total = 0;
export async function addSize(url: string): Promise<void> {
  // eslint-disable-next-line require-atomic-updates
  total += await fetchSize(url);
}

// Another rule's comment silences nothing of ours.
export async function otherRule(path: string): Promise<string> {
  // eslint-disable-next-line no-console
  return readFileSync(path, 'utf8');
  //     ^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

// A peer comment that covers nothing is the peer's business: no unused-suppression.
export async function nothingHere(): Promise<number> {
  // eslint-disable-next-line no-await-in-loop, n/no-sync
  return 1;
}

// Not a comment: inside a string.
export const text = '// eslint-disable-next-line n/no-sync';
export async function inString(path: string): Promise<string> {
  return readFileSync(path, 'utf8') + text;
  //     ^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

/* eslint-disable no-await-in-loop */
export async function region(ids: string[]): Promise<{ id: string }[]> {
  const users: { id: string }[] = [];
  for (const id of ids) users.push(await fetchUser(id));
  return users;
}
/* eslint-enable no-await-in-loop */

export async function afterRegion(ids: string[]): Promise<{ id: string }[]> {
  const users: { id: string }[] = [];
  for (const id of ids) users.push(await fetchUser(id));
  //                               ^^^^^^^^^^^^^^^^^^^ sequential-await (hint)
  return users;
}

// A request handler runs these: the hot-path evidence a file-system call needs to be reported.
import { createServer } from 'node:http';
export const server = createServer(async (req, res) => {
  const url = String(req.url);
  await manifest(url);
  await sameLine(url);
  await legacyPlugin(url);
  await loadUsers([url]);
  await addSize(url);
  await otherRule(url);
  await nothingHere();
  await inString(url);
  await region([url]);
  await afterRegion([url]);
  res.end();
});
