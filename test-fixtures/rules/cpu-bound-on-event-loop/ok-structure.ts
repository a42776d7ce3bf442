// Nests whose collections are sized by the program's own structure, not by its input.
interface Column { name: string }
interface Index { columns: string[] }
interface Table { columns: Column[]; indices: Index[] }
declare function query<T>(sql: string): Promise<T[]>;

// A table's own columns × its indices: one object's parts, sized by the schema.
export async function createTableSql(table: Table): Promise<string[]> {
  return table.columns.map((c) => table.indices.filter((i) => i.columns.includes(c.name)).length > 0 ? c.name : '');
}

// A constant list × the query result: linear in the rows.
const KINDS = ['a', 'b', 'c'];
export async function countKinds(): Promise<number> {
  const rows = await query<{ kind: string }>('select kind from t');
  let n = 0;
  for (const kind of KINDS) {
    for (const row of rows) if (row.kind === kind) n++;
  }
  return n;
}

// Rows × the model's attributes (the object's own state): linear in the cells.
export class Model {
  attributes: string[] = [];
  async load(): Promise<number> {
    const rows = await query<Record<string, unknown>>('select * from t');
    let cells = 0;
    for (const row of rows) {
      for (const attribute of this.attributes) if (row[attribute] !== undefined) cells++;
    }
    return cells;
  }
}

// A private helper whose callers pass only written-out lists.
function pairs(a: string[], b: string[]): number {
  let n = 0;
  for (const x of a) for (const y of b) if (x === y) n++;
  return n;
}
export async function fixedPairs(): Promise<number> {
  return pairs(['x', 'y'], ['y', 'z']);
}

// One junction row per (owner, value) pair: the n·m work is the output itself.
export async function junctionRows(owners: string[]): Promise<Array<[string, string]>> {
  const values = await query<string>('select id from v');
  const rows: Array<[string, string]> = [];
  owners.forEach((owner) => {
    values.forEach((value) => {
      const row: [string, string] = [owner, value];
      rows.push(row);
    });
  });
  return rows;
}

// A subset of one catalogue read scanned against that same read: grouping within one result.
export async function uniqueIndices(): Promise<string[]> {
  const dbIndices = await query<{ name: string; unique: boolean; column: string }>('select * from information_schema.statistics');
  const unique = dbIndices.filter((i) => i.unique);
  return unique.map((u) => (dbIndices.some((i) => i.name === u.name && i.column !== u.column) ? u.name : ''));
}
