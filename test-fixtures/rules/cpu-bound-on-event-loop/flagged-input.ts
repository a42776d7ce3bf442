// Nested scans where both collections grow with data from outside the program.
interface Row { id: string; userId: string }
interface User { id: string; name: string }
declare function query<T>(sql: string): Promise<T[]>;

// Two query results, one looked up per item of the other: a Map by id is the fix.
export async function joinRows(): Promise<string[]> {
  const rows = await query<Row>('select * from orders');
  const users = await query<User>('select * from users');
  return rows.map((row) => users.find((u) => u.id === row.userId)?.name ?? '');
//       ^^^^^^^^ cpu-bound-on-event-loop
}

// A query result against the caller's array, through a local callback.
export async function attach(incoming: User[]): Promise<User[]> {
  const current = await query<User>('select * from users');
  const update = (rows: User[]) => incoming.filter((u) => !rows.some((r) => r.id === u.id));
//                                 ^^^^^^^^^^^^^^^ cpu-bound-on-event-loop
  return update(current);
}

// A helper that two async functions call is reported once, at the helper.
function overlap(left: string[], right: string[]): number {
  let n = 0;
  for (const a of left) {
//^^^^^^^^^^^^^^^^^^^^^ cpu-bound-on-event-loop
    for (const b of right) if (a === b) n++;
  }
  return n;
}

export async function compareTags(): Promise<number> {
  const mine = await query<string>('select tag from mine');
  const theirs = await query<string>('select tag from theirs');
  return overlap(mine, theirs);
}

export async function compareNames(): Promise<number> {
  const a = (await query<User>('select * from a')).map((u) => u.name);
  const b = (await query<User>('select * from b')).map((u) => u.name);
  return overlap(a, b);
}

export async function compareIds(): Promise<number> {
  return overlap(await query<string>('select id from a'), await query<string>('select id from b'));
}

export async function compareEmails(): Promise<number> {
  return overlap(await query<string>('select email from a'), await query<string>('select email from b'));
}

// The same two collections scanned twice in one function (the new ones missing from
// the rows, then the rows missing from the new ones): one Map fixes both, one finding.
export async function setMembers(incoming: User[]): Promise<[User[], User[]]> {
  const current = await query<User>('select * from members');
  const sync = (rows: User[]) => {
    const added = incoming.filter((u) => !rows.some((r) => r.id === u.id));
    //            ^^^^^^^^^^^^^^^ cpu-bound-on-event-loop
    const removed: User[] = [];
    for (const r of rows) {
      if (!incoming.find((u) => u.id === r.id)) removed.push(r);
    }
    return [added, removed] as [User[], User[]];
  };
  return sync(current);
}
