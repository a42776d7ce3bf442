/**
 * Whether a `q.get()` is known to find an item: the code checked that `q` is not empty
 * just before (`if not q.empty():`, `while not q.empty():`, `assert q.qsize() == 3`, or a
 * `while q.empty(): wait` loop). `Queue.get()` only blocks on an empty queue, so such a
 * get returns at once, as `get_nowait()` would. Another consumer could empty the queue in
 * between; code written this way assumes there is none, and the rule takes it at its word.
 */
import { child, dottedName, SCOPE_TYPES, unparen, walkOwn, type PyNode } from './syntax';

const ALWAYS_EXITS = new Set(['return_statement', 'raise_statement', 'continue_statement', 'break_statement']);

/** `recv.method()` with no arguments, `recv` matching by dotted name. */
function isMethodCall(n: PyNode, recv: string, method: string): boolean {
  if (n.type !== 'call') return false;
  const fn = child(n, 'function');
  const args = child(n, 'arguments');
  return !!fn && fn.type === 'attribute' && child(fn, 'attribute')?.text === method && dottedName(child(fn, 'object')!) === recv && !!args && args.children.length === 0;
}

/**
 * How many items `cond` being true proves are in `recv`: `not q.empty()`, `q.qsize()`,
 * `q.qsize() > 0`, `q.qsize() >= k` or `== k` (k items), `!= 0`; an `and` proves what
 * either side does. 0 when it proves nothing.
 */
export function itemsProvenBy(cond: PyNode, recv: string): number {
  const c = unparen(cond);
  if (c.type === 'not_operator') {
    const arg = child(c, 'argument');
    return arg && isMethodCall(unparen(arg), recv, 'empty') ? 1 : 0;
  }
  if (c.type === 'boolean_operator' && c.ops?.includes('and')) {
    const l = child(c, 'left');
    const r = child(c, 'right');
    return Math.max(l ? itemsProvenBy(l, recv) : 0, r ? itemsProvenBy(r, recv) : 0);
  }
  if (isMethodCall(c, recv, 'qsize')) return 1;
  if (c.type === 'comparison_operator' && c.children.length === 2 && c.ops?.length === 1) {
    const [l, r] = c.children.map(unparen);
    if (!isMethodCall(l, recv, 'qsize') || r.type !== 'integer') return 0;
    const k = Number(r.text);
    const op = c.ops[0];
    if (op === '>' && k >= 0) return k + 1;
    if ((op === '>=' || op === '==') && k >= 1) return k;
    if (op === '!=' && k === 0) return 1;
  }
  return 0;
}

/** `while q.empty(): …` with no `break`: it ends only once `q` has an item (or by leaving the function). */
function waitsUntilNonEmpty(stmt: PyNode, recv: string): boolean {
  if (stmt.type !== 'while_statement' || child(stmt, 'alternative')) return false;
  const cond = child(stmt, 'condition');
  if (!cond || !isMethodCall(unparen(cond), recv, 'empty')) return false;
  let breaks = false;
  walkOwn(child(stmt, 'body')!, (n) => {
    if (n.type === 'break_statement') breaks = true;
    // A break in a nested loop leaves that loop, not this one.
    return !breaks && n.type !== 'for_statement' && n.type !== 'while_statement';
  });
  return !breaks;
}

/** `if q.empty(): return` (or raise, continue, break) and no else. */
function exitsWhenEmpty(stmt: PyNode, recv: string): boolean {
  if (stmt.type !== 'if_statement' || stmt.children.some((c) => c.field === 'alternative')) return false;
  const cond = child(stmt, 'condition');
  const body = child(stmt, 'consequence');
  if (!cond || !body || !isMethodCall(unparen(cond), recv, 'empty')) return false;
  const last = body.children[body.children.length - 1];
  return !!last && ALWAYS_EXITS.has(last.type);
}

/** Items a statement that precedes the get proves are in `recv` after it runs. */
function itemsAfter(stmt: PyNode, recv: string): number {
  if (stmt.type === 'assert_statement' && stmt.children[0]) return itemsProvenBy(stmt.children[0], recv);
  return waitsUntilNonEmpty(stmt, recv) || exitsWhenEmpty(stmt, recv) ? 1 : 0;
}

/** `recv.get(...)` calls in `nodes`, in source order, before `limit`. */
function getsBetween(nodes: PyNode[], recv: string, from: number, limit: number): number {
  let n = 0;
  for (const node of nodes) {
    walkOwn(node, (x) => {
      if (x.start >= limit) return false;
      if (x.start >= from && x.type === 'call') {
        const fn = child(x, 'function');
        if (fn?.type === 'attribute' && child(fn, 'attribute')?.text === 'get' && dottedName(child(fn, 'object')!) === recv) n++;
      }
    });
  }
  return n;
}

/**
 * Whether the queue `recv` (a dotted name) holds an item when `at` runs: a check on an
 * enclosing `if`/`while`, or on a statement before it in an enclosing block, proves at
 * least one more item than the gets on `recv` between that check and `at`.
 */
export function queueProvenNonEmpty(at: PyNode, recv: string): boolean {
  for (let n: PyNode = at; n.parent && !SCOPE_TYPES.has(n.parent.type); n = n.parent) {
    const p = n.parent;
    if ((p.type === 'if_statement' && n.field === 'consequence') || (p.type === 'while_statement' && n.field === 'body')) {
      const cond = child(p, 'condition');
      // A while loop's check is made again before every iteration, so count gets from its body's start.
      const proven = cond ? itemsProvenBy(cond, recv) : 0;
      if (proven > 0 && getsBetween([n], recv, n.start, at.start) < proven) return true;
    }
    if (p.type === 'block' || p.type === 'module') {
      const i = p.children.indexOf(n);
      for (let j = i - 1; j >= 0; j--) {
        const proven = itemsAfter(p.children[j], recv);
        if (proven > 0 && getsBetween(p.children.slice(j + 1, i + 1), recv, p.children[j].end, at.start) < proven) return true;
      }
    }
  }
  return false;
}
