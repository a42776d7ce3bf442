// Updates that are correct, and state that is not shared.
import type { IncomingMessage, ServerResponse } from 'node:http';

let total = 0;
let last = '';
const stats = { hits: 0 };

declare function fetchSize(url: string): Promise<number>;
declare function audit(): Promise<void>;

// The write does not depend on a read made before the await: correct in JavaScript.
export async function addSize(url: string): Promise<void> {
  const n = await fetchSize(url);
  total += n;
  await audit();
  total += 1;
  stats.hits++;
}

// Read after the await.
export async function bump(): Promise<void> {
  await audit();
  const c = stats.hits;
  stats.hits = c + 1;
}

// The write does not use the stale read.
export async function remember(url: string): Promise<void> {
  const before = last;
  await audit();
  last = url;
  console.log(before);
}

// Locals and parameters.
export async function localSum(urls: string[], acc: { n: number }): Promise<number> {
  let sum = 0;
  for (const url of urls) sum += await fetchSize(url);
  //                             ^^^^^^^^^^^^^^^^^^^^ sequential-await (hint)
  acc.n += await fetchSize('x');
  return sum;
}

// Per-request objects.
export async function handler(req: IncomingMessage & { body: { n: number } }, res: ServerResponse & { locals: { n: number } }): Promise<void> {
  res.locals.n += await fetchSize(req.url ?? '');
  const n = req.body.n;
  await audit();
  req.body.n = n + 1;
}

interface Ctx { state: { visits: number } }
export async function koa(ctx: Ctx): Promise<void> {
  ctx.state.visits = ctx.state.visits + (await fetchSize('/'));
}

// An ordinary class: each request makes its own instance.
export class Job {
  private done = 0;
  async step(url: string): Promise<void> {
    this.done += await fetchSize(url);
  }
}
export async function run(): Promise<void> {
  await new Job().step('a');
  await new Job().step('b');
}

// Synchronous code has no await to interleave at.
export function syncBump(n: number): void {
  const c = total;
  total = c + n;
}
