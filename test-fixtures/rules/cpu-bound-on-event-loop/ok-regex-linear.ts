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
