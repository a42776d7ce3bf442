// Collections in an object's state, or handed to a method, that the program's own
// structure sizes (or that nothing shows to be data from outside): left alone.
interface Column { name: string }
interface Handler { pattern: string }
declare function query<T>(sql: string): Promise<T[]>;

// The columns a table is built with, from its callers: its schema, not its rows.
// Each row against every column is linear in the cells.
export class Table {
  private readonly columns: Column[];

  constructor(columns: Column[]) {
    this.columns = columns;
  }

  async load(): Promise<string[][]> {
    const rows = await query<Record<string, string>>('select * from t');
    return rows.map((row) => this.columns.filter((c) => c.name in row).map((c) => row[c.name]));
  }
}

// One handler added per call of a public method: how many, its callers decide (at
// start-up, by configuration), so the registry is not sized by the data.
export class Router {
  private handlers: Handler[] = [];

  register(handler: Handler): void {
    this.handlers.push(handler);
  }

  async route(): Promise<Handler[]> {
    const paths = await query<string>('select path from requests');
    return paths.map((p) => this.handlers.find((h) => h.pattern === p)).filter((h): h is Handler => h !== undefined);
  }
}

// An exported helper whose only callers in the program pass options read off
// their own argument: the calls show no data from outside, so neither side counts.
export function overlaps(left: string[], right: string[]): boolean {
  return left.some((l) => right.some((r) => r === l));
}

interface Options { hosts: string[]; aliases: string[] }
export async function configure(options: Options): Promise<boolean> {
  await query<string>('select 1');
  return overlaps(options.hosts, options.aliases);
}

// A list handed to another function, which may fill it: nothing shows how long it gets.
declare function fillFrom(into: string[]): void;
export class Names {
  private names: string[] = [];

  load(): void {
    fillFrom(this.names);
  }

  async known(): Promise<string[]> {
    const rows = await query<string>('select name from people');
    return rows.filter((r) => this.names.some((n) => n === r));
  }
}
