/* eslint-disable no-await-in-loop -- this module runs its lookups one at a time */
// A file-level ESLint disable covers the whole file (no eslint-enable follows).
declare function fetchUser(id: string): Promise<{ id: string }>;

export async function loadUsers(ids: string[]): Promise<{ id: string }[]> {
  const users: { id: string }[] = [];
  for (const id of ids) users.push(await fetchUser(id));
  return users;
}

export async function byKey(ids: string[]): Promise<Record<string, { id: string }>> {
  const out: Record<string, { id: string }> = {};
  for (const id of ids) out[id] = await fetchUser(id);
  return out;
}
