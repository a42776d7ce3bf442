// Regexes left alone: linear patterns, super-linear ones on constant text, and
// patterns that do not compile.
type Method = 'get' | 'post';

export async function linear(input: string): Promise<boolean> {
  return /^[a-z]+(?:-[a-z]+)*$/.test(input) && /^\d{1,3}(?:\.\d{1,3}){3}$/.test(input) && /^\s*#/.test(input) && /a*:/y.test(input);
}

// Anchored, so no move; and no two quantifiers can trade characters.
export async function anchored(input: string): Promise<string[]> {
  return input.split(/,\s*/).concat(input.match(/^(\w+)=(.*)$/) ?? []);
}

// The dangerous pattern on text the program fixes.
const SAMPLE = 'aaaaaaaaaa';
export async function constant(method: Method): Promise<boolean> {
  return /a*:/.test('aaaa') && /a*:/.test(SAMPLE) && /a+b+a+b+/.test(method);
}

// Does not compile (unterminated group), so it is not ours to judge.
export async function broken(input: string): Promise<boolean> {
  return new RegExp('(a+', 'u').test(input);
}

// Not yet followed: a helper's parameter is not traced back to what its callers
// pass, so a super-linear regex inside a helper is left alone (no evidence of input).
import { createServer } from 'node:http';
function trimRight(text: string): string {
  return text.replace(/\s+$/, '');
}
createServer((req, res) => {
  res.end(trimRight(req.headers['x-note'] as string));
}).listen(8083);

// Configuration, schema names and error messages are not input: no evidence.
export class Dialect {
  escape(tableName: string): string {
    return tableName.replace(/^\.+|\.+$/g, '');
  }
  async version(query: (sql: string) => Promise<Array<{ version: string }>>): Promise<string> {
    const rows = await query('SELECT version()');
    return rows[0].version.replace(/^PostgreSQL ([\d.]+).*$/, '$1');
  }
}
