// Work the rule must leave alone.
interface User { name: string; roles: string[] }

// Module top level runs once at start-up.
const table: number[][] = [];
for (let i = 0; i < 2000; i++) {
  table.push([]);
  for (let j = 0; j < 2000; j++) table[i].push(i * j);
}
while (Date.now() < 0) {}

// A single linear loop.
export async function total(xs: number[]): Promise<number> {
  let sum = 0;
  for (const x of xs) sum += x;
  return sum;
}

// Nested loops where the inner list belongs to the outer element: linear in the data.
export async function allRoles(users: User[]): Promise<string[]> {
  const out: string[] = [];
  for (const user of users) {
    for (const role of user.roles) out.push(role);
  }
  return out;
}

export async function cells(grid: number[][]): Promise<number> {
  let n = 0;
  grid.forEach((row) => row.forEach((cell) => { n += cell; }));
  return n;
}

// Small constant bounds.
export async function board(xs: number[]): Promise<number> {
  let n = 0;
  for (let r = 0; r < 8; r++) {
    for (let c = 0; c < 8; c++) n += r * c;
  }
  for (const x of xs) {
    for (const d of [-1, 0, 1]) n += x + d;
  }
  return n;
}

// Loops that await give the event loop back on every iteration.
export async function poll(check: () => Promise<boolean>, items: string[], other: string[]): Promise<void> {
  while (true) {
    if (await check()) break;
  }
  for (const a of items) {
    await check();
    for (const b of other) console.log(a, b);
  }
}

// while (true) with an exit is an ordinary loop.
export async function tokens(text: string): Promise<string[]> {
  const re = /\w+/g;
  const out: string[] = [];
  while (true) {
    const m = re.exec(text);
    if (!m) break;
    out.push(m[0]);
  }
  // A tokenizer's nested while loops share one index: linear.
  let i = 0;
  while (i < text.length) {
    while (i < text.length && text[i] === ' ') i++;
    i++;
  }
  return out;
}

// Linear recursion, tree recursion over structure, and memoised recursion.
function depth(node: { children: Array<{ children: unknown[] }> }): number {
  return 1 + Math.max(0, ...node.children.map((c) => depth(c as never)));
}
function walkTree(node: { left?: unknown; right?: unknown } | undefined): number {
  if (!node) return 0;
  return walkTree(node.left as never) + walkTree(node.right as never);
}
const memo = new Map<number, number>();
function fibMemo(n: number): number {
  if (n < 2) return n;
  if (memo.has(n)) return memo.get(n)!;
  const v = fibMemo(n - 1) + fibMemo(n - 2);
  memo.set(n, v);
  return v;
}
function countdown(n: number): number {
  return n <= 0 ? 0 : countdown(n - 1);
}
function pick(n: number, left: boolean): number {
  if (n < 1) return 0;
  return left ? pick(n - 1, true) : pick(n - 2, false);
}

export async function recurse(n: number): Promise<number> {
  return depth({ children: [] }) + walkTree(undefined) + fibMemo(n) + countdown(n) + pick(n, true);
}

// Safe regexes, and a dangerous regex on constant text.
const DOMAIN = /^([a-z0-9]+\.)+[a-z]{2,}$/;
export async function checks(host: string): Promise<boolean> {
  return DOMAIN.test(host) && /^(a+)+$/.test('aaaa') && /^[a-z]+(-[a-z]+)*$/.test(host);
}

// A plain synchronous function that nothing event-loop calls.
export function buildIndex(a: string[], b: string[]): number {
  let n = 0;
  for (const x of a) for (const y of b) if (x === y) n++;
  return n;
}

// Chained iteration methods run one after the other, not nested; an indexOf scan has no count.
export async function chained(files: string[], dir: string): Promise<string[]> {
  const seen: number[] = [];
  for (const f of files) {
    for (let idx = f.indexOf('.'); idx !== -1; idx = f.indexOf('.', idx + 1)) seen.push(idx);
  }
  return files.map((f) => f.trim()).filter((f) => f.length > 0).map((f) => `${dir}/${f}`);
}

// An inner loop that fills a cache once is not repeated per outer iteration.
export async function lookup(ids: string[], chunks: Array<{ id: string }>): Promise<number> {
  let byId: Map<string, { id: string }> | undefined;
  let found = 0;
  for (const id of ids) {
    if (byId === undefined) {
      byId = new Map();
      for (const chunk of chunks) byId.set(chunk.id, chunk);
    }
    if (byId.has(id)) found++;
  }
  return found;
}
