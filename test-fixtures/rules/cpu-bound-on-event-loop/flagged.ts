// CPU-heavy work in event-loop contexts: each one holds up every other request.
import http from 'node:http';

interface Order { id: string; sku: string }
interface Product { sku: string; name: string }

// Nested loops over two input-sized lists: O(n²).
export async function joinOrders(orders: Order[], products: Product[]): Promise<string[]> {
  const out: string[] = [];
  for (const order of orders) {
//^^^^^^^^^^^^^^^^^^^^^^^^^^^ cpu-bound-on-event-loop
    for (const product of products) {
      if (order.sku === product.sku) out.push(product.name);
    }
  }
  return out;
}

// A triangular loop over the same list is still O(n²).
export async function findDuplicatePairs(ids: string[]): Promise<number> {
  let pairs = 0;
  for (let i = 0; i < ids.length; i++) {
//^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ cpu-bound-on-event-loop
    for (let j = 0; j < i; j++) {
      if (ids[i] === ids[j]) pairs++;
    }
  }
  return pairs;
}

// Iteration methods count as loops too.
export const crossJoin = async (left: number[], right: number[]) =>
  left.map((a) => right.filter((b) => b > a).length);
//^^^^^^^^ cpu-bound-on-event-loop

// Busy-wait on the clock.
export async function pause(ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {}
//^^^^^^^^^^^^^^^^^^^^^^^^ cpu-bound-on-event-loop
}

// An endless loop that never awaits.
export async function spin(queue: number[]): Promise<void> {
  while (true) {
//^^^^^^^^^^^^ cpu-bound-on-event-loop
    queue.push(queue.length);
  }
}

export async function spinFor(queue: number[]): Promise<void> {
  for (;;) {
//^^^^^^^^ cpu-bound-on-event-loop
    queue.shift();
  }
}

// Exponential recursion, called from a request handler: reported at the function, once.
function fib(n: number): number {
//       ^^^ cpu-bound-on-event-loop
  if (n < 2) return n;
  return fib(n - 1) + fib(n - 2);
}

http.createServer((req, res) => {
  const n = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('n'));
  res.end(String(fib(n)));
}).listen(8080);

// A catastrophically backtracking regex on request input.
const EMAIL = /^([a-zA-Z0-9]+)+@example\.com$/;

export async function isCompanyEmail(address: string): Promise<boolean> {
  return EMAIL.test(address);
  //     ^^^^^^^^^^^^^^^^^^^ cpu-bound-on-event-loop
}

export async function countWords(text: string): Promise<number> {
  return text.match(/^(\w+\s?)*$/)?.length ?? 0;
  //     ^^^^^^^^^^^^^^^^^^^^^^^^^ cpu-bound-on-event-loop
}

// A promise callback is event-loop context too.
export function dedupe(load: () => Promise<string[]>): Promise<string[]> {
  return load().then((names) => names.filter((n, i) => names.findIndex((m) => m === n) === i));
  //                            ^^^^^^^^^^^^ cpu-bound-on-event-loop
}

// Timers run on the loop as well (reported at a lower severity).
export function schedule(rows: number[], cols: number[]): void {
  setTimeout(() => {
    for (const r of rows) for (const c of cols) console.log(r * c);
 // ^^^^^^^^^^^^^^^^^^^^^ cpu-bound-on-event-loop (info)
  }, 10);
}

// The level that repeats the inner loop is the outer list, not the middle loop over one item's key.
interface Token { key: string; id?: string }
export async function shortIds(tokens: Token[]): Promise<void> {
  for (const token of tokens) {
//^^^^^^^^^^^^^^^^^^^^^^^^^^^ cpu-bound-on-event-loop
    for (let n = 6; n < token.key.length; n++) {
      if (!tokens.some((other) => other !== token && other.key.startsWith(token.key.slice(0, n)))) {
        token.id = token.key.slice(0, n);
        break;
      }
    }
  }
}
