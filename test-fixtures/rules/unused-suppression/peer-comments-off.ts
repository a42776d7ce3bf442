// loopwise-test-settings: {"honourPeerSuppressions": false}
// With loopwise.honourPeerSuppressions off, only loopwise-disable comments count.
import { readFileSync } from 'node:fs';

declare function fetchUser(id: string): Promise<{ id: string }>;

export async function manifest(path: string): Promise<string> {
  // eslint-disable-next-line n/no-sync
  return readFileSync(path, 'utf8');
  //     ^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

export async function loadUsers(ids: string[]): Promise<{ id: string }[]> {
  const users: { id: string }[] = [];
  for (const id of ids) {
    // eslint-disable-next-line no-await-in-loop
    users.push(await fetchUser(id));
    //         ^^^^^^^^^^^^^^^^^^^ sequential-await (hint)
  }
  return users;
}

// A request handler runs these: the hot-path evidence a file-system call needs to be reported.
import { createServer } from 'node:http';
export const server = createServer(async (req, res) => {
  const url = String(req.url);
  await manifest(url);
  await loadUsers([url]);
  res.end();
});
