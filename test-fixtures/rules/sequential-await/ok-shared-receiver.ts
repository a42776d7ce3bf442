// Left alone: one receiver every iteration (a query runner or transaction handed in
// as a parameter, or held in this.field), and items that are extension points.
interface QueryRunner { query(sql: string): Promise<unknown[]> }
interface Column { name: string; enumName?: string }
interface Server { name: string }
interface Plugin { register(server: Server): Promise<string> }
interface Hook { run: (input: string) => Promise<string> }
declare function createEnum(runner: QueryRunner, column: Column): Promise<string>;

export class Schema {
  constructor(private readonly runner: QueryRunner) {}

  async enumsOf(columns: Column[]): Promise<unknown[][]> {
    const out: unknown[][] = [];
    for (const column of columns) out.push(await this.runner.query(`SELECT '${column.name}'`));
    return out;
  }
}

export async function createEnums(runner: QueryRunner, columns: Column[]): Promise<string[]> {
  const made: string[] = [];
  for (const column of columns) made.push(await createEnum(runner, column));
  return made;
}

export async function viaParameter(queryRunner: QueryRunner, columns: Column[]): Promise<unknown[][]> {
  const rows: unknown[][] = [];
  for (const column of columns) rows.push(await queryRunner.query(`SELECT '${column.name}'`));
  return rows;
}

// Plugins handed the one server, and hooks held in a function-valued property.
export async function registerAll(plugins: Plugin[], server: Server): Promise<string[]> {
  const names: string[] = [];
  for (const plugin of plugins) names.push(await plugin.register(server));
  return names;
}

export async function runHooks(hooks: Hook[], input: string): Promise<string[]> {
  const out: string[] = [];
  for (const hook of hooks) out.push(await hook.run(input));
  return out;
}

// A closure that reaches the one query runner it captured, called once per chunk.
declare class Loader {
  constructor(runner: QueryRunner, columns: Column[]);
  load(): Promise<string>;
}
export async function loadChunks(queryRunner: QueryRunner, chunks: Column[][]): Promise<string[]> {
  const loadChunk = async (columns: Column[]) => new Loader(queryRunner, columns).load();
  const loaded: string[] = [];
  for (const chunk of chunks) loaded.push(await loadChunk(chunk));
  return loaded;
}
