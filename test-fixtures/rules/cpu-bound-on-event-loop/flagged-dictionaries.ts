// Collections that look fixed but grow with input: still O(n²).
interface Entry { id: string }

// A dictionary type (an index signature) holds as many keys as the input gives it.
export async function matchAll(byId: Record<string, Entry>, ids: string[]): Promise<number> {
  let n = 0;
  for (const key of Object.keys(byId)) {
//^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ cpu-bound-on-event-loop
    for (const id of ids) if (key === id) n++;
  }
  return n;
}

// A literal the code grows from input.
const seen: string[] = [];
export async function remember(names: string[]): Promise<number> {
  for (const name of names) seen.push(name);
  let n = 0;
  for (const name of names) {
//^^^^^^^^^^^^^^^^^^^^^^^^^ cpu-bound-on-event-loop
    for (const old of seen) if (old === name) n++;
  }
  return n;
}

// The pieces of a string that comes from input.
export async function lineWords(text: string, words: string[]): Promise<number> {
  let n = 0;
  for (const line of text.split('\n')) {
//^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ cpu-bound-on-event-loop
    for (const word of words) if (line.includes(word)) n++;
  }
  return n;
}

// An object filled with computed keys.
const registry = {};
export function register(name: string, value: number): void {
  (registry as Record<string, number>)[name] = value;
}
export async function crossRegistry(names: string[]): Promise<number> {
  let n = 0;
  for (const key of Object.keys(registry)) {
//^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ cpu-bound-on-event-loop
    for (const name of names) if (key === name) n++;
  }
  return n;
}

// A loop variable declared outside the loop, with an inner list that does not depend on it.
export async function pairsOuterDeclared(items: string[], others: string[]): Promise<number> {
  let item: string;
  let n = 0;
  for (item of items) {
//^^^^^^^^^^^^^^^^^^^ cpu-bound-on-event-loop
    for (const other of others) if (item === other) n++;
  }
  return n;
}

// A branch on each element that is not a single marker still runs the inner loop for most of them.
export async function prefixedPairs(items: string[], others: string[], wanted: string): Promise<number> {
  let n = 0;
  for (const item of items) {
//^^^^^^^^^^^^^^^^^^^^^^^^^ cpu-bound-on-event-loop
    if (item.startsWith('.') || item === wanted) {
      for (const other of others) if (other.endsWith(item)) n++;
    }
  }
  return n;
}

// A guard that skips some elements but not by a constant index leaves the nest quadratic.
export async function countShared(lines: string[], terms: string[]): Promise<number> {
  let n = 0;
  lines.forEach((line, i) => {
//^^^^^^^^^^^^^ cpu-bound-on-event-loop
    if (line === '' || i > lines.length - terms.length) return;
    for (const term of terms) if (line.includes(term)) n++;
  });
  return n;
}
