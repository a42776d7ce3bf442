// Collections that reach a nest through an object's state or a method's parameters,
// traced to what fills them: a query result stored by a method, handed to a
// constructor, or collected by a counted loop.
interface Row { id: string; userId: string }
interface User { id: string; name: string }
declare function query<T>(sql: string): Promise<T[]>;

// What a method stores from a query, scanned once per user.
export class OrderCache {
  private rows: Row[] = [];

  async refresh(): Promise<void> {
    this.rows = await query<Row>('select * from orders');
  }

  async counts(): Promise<number[]> {
    const users = await query<User>('select * from users');
    return users.map((u) => this.rows.filter((r) => r.userId === u.id).length);
//         ^^^^^^^^^ cpu-bound-on-event-loop
  }
}

// What the constructor is handed by an async caller that read it from the database
// (a parameter property), against what a method of the same object is handed.
class Matcher {
  constructor(private readonly known: User[]) {}

  unknownOf(incoming: User[]): User[] {
    return incoming.filter((u) => !this.known.some((k) => k.id === u.id));
//         ^^^^^^^^^^^^^^^ cpu-bound-on-event-loop
  }
}

export async function newUsers(): Promise<User[]> {
  const matcher = new Matcher(await query<User>('select * from users'));
  return matcher.unknownOf(await query<User>('select * from incoming'));
}

// A list collected by a counted loop over a query result is as long as the result.
function userIds(rows: Row[]): string[] {
  const ids: string[] = [];
  for (let i = 0; i < rows.length; i++) ids.push(rows[i].userId);
  return ids;
}

export async function withoutOrders(): Promise<User[]> {
  const users = await query<User>('select * from users');
  const ids = userIds(await query<Row>('select * from orders'));
  return users.filter((u) => !ids.some((id) => id === u.id));
//       ^^^^^^^^^^^^ cpu-bound-on-event-loop
}

// State that grows from its own value and another query (`this.seen.concat(...)`).
export class Feed {
  private seen: Row[] = [];

  async archive(): Promise<void> {
    this.seen = this.seen.concat(await query<Row>('select * from archive'));
  }

  async fresh(): Promise<Row[]> {
    const page = await query<Row>('select * from feed');
    return page.filter((r) => !this.seen.some((s) => s.id === r.id));
//         ^^^^^^^^^^^ cpu-bound-on-event-loop
  }
}
