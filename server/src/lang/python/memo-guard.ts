/**
 * Once-per-key work in Python: a call that runs only when the function's cache
 * misses, or a function whose results `functools` caches. Such work runs once per
 * key (or once per process), not once per request.
 *
 * Recognised by data flow, not by names: the storage outlives the call (an
 * attribute of `self` or of a module-level name, a module-level or `global` name,
 * or the container of a subscript or of `.get()`), the function reads it in a
 * guard and writes it (assigns it, an item of it, or calls `.setdefault()`/
 * `.update()`/`.add()` on it), and never clears it back to `None`/`False`/`0`
 * (a flag set and cleared again is a lock, not a cache):
 *
 * - `if self._conf is None: self._conf = open(path).read()`;
 * - `if key in _cache: return _cache[key]` … `_cache[key] = load(key)`;
 * - `@functools.lru_cache` / `@functools.cache` / `@functools.cached_property` on the function.
 */
import type { PyFunction } from './model';
import { externalName, type PyResolver } from './resolve';
import { child, SCOPE_TYPES, unparen, type PyNode } from './syntax';

const CACHING_DECORATORS = new Set(['functools.cache', 'functools.lru_cache', 'functools.cached_property']);
const STORE_METHODS = new Set(['setdefault', 'update', 'add', '__setitem__']);
const LOOKUP_METHODS = new Set(['get', '__contains__']);
const EXITS = new Set(['return_statement', 'raise_statement']);
const FALSY = new Set(['none', 'false']);

/** `@functools.lru_cache(maxsize=…)` and the like: each key is computed once. */
export function isCachedFunction(resolver: PyResolver, fn: PyFunction): boolean {
  return fn.decorators.some((d) => {
    let expr = d.children[0];
    if (!expr) return false;
    if (expr.type === 'call') expr = child(expr, 'function') ?? expr;
    const name = externalName(resolver.resolve(expr, fn.module));
    return name !== undefined && CACHING_DECORATORS.has(name);
  });
}

/** Whether `call`, in `fn`'s own body, runs only when `fn`'s cache misses. */
export function isMemoisedCall(call: PyNode, fn: PyFunction): boolean {
  let inFn: Writes | undefined;
  const fnWrites = () => (inFn ??= writtenKeys(fn.body, fn));
  const stores = (read: Set<string>, writes: Writes) => [...read].some((k) => writes.stored.has(k) && !fnWrites().cleared.has(k));
  for (let node: PyNode = call; node.parent && node !== fn.body; node = node.parent) {
    const parent = node.parent;
    if (parent.type === 'if_statement' && node.field === 'consequence') {
      const cond = child(parent, 'condition');
      const read = cond ? conditionKeys(cond, fn) : new Set<string>();
      if (read.size > 0 && stores(read, writtenKeys(node, fn))) return true;
    }
    if (parent.type === 'block' || parent === fn.body) {
      for (const stmt of parent.children) {
        if (stmt === node) break;
        if (stmt.type !== 'if_statement' || stmt.children.some((c) => c.field === 'alternative')) continue;
        const body = child(stmt, 'consequence');
        const last = body?.children[body.children.length - 1];
        if (!last || !EXITS.has(last.type)) continue;
        const cond = child(stmt, 'condition');
        const read = cond ? conditionKeys(cond, fn) : new Set<string>();
        if (read.size > 0 && stores(read, fnWrites())) return true;
      }
    }
  }
  return false;
}

interface Writes {
  stored: Set<string>;
  cleared: Set<string>;
}

/**
 * The long-lived storage an expression names: `self.a.b` (a method's receiver),
 * a name that is not local to `fn` (module level, or declared `global`), an
 * attribute chain rooted at one; a subscript names its container.
 */
function storageKey(node: PyNode, fn: PyFunction): string | undefined {
  const e = unparen(node);
  if (e.type === 'subscript') {
    const value = child(e, 'value');
    return value ? storageKey(value, fn) : undefined;
  }
  if (e.type === 'attribute') {
    const obj = child(e, 'object');
    const attr = child(e, 'attribute');
    const base = obj ? storageKey(obj, fn) : undefined;
    return base === undefined || !attr ? undefined : `${base}.${attr.text}`;
  }
  if (e.type === 'identifier' && e.text) {
    const name = e.text;
    if (fn.cls && fn.params[0]?.name === name) return 'self';
    if (fn.globals.has(name)) return `global:${name}`;
    for (let f: PyFunction | undefined = fn; f; f = f.parent) {
      if (f.locals.has(name) || f.params.some((p) => p.name === name)) return undefined;
    }
    return `global:${name}`;
  }
  return undefined;
}

function conditionKeys(cond: PyNode, fn: PyFunction): Set<string> {
  const keys = new Set<string>();
  const visit = (n: PyNode): void => {
    if (SCOPE_TYPES.has(n.type)) return;
    if (n.type === 'call') {
      const f = child(n, 'function');
      const obj = f?.type === 'attribute' ? child(f, 'object') : undefined;
      if (obj && LOOKUP_METHODS.has(child(f!, 'attribute')?.text ?? '')) {
        const key = storageKey(obj, fn);
        if (key !== undefined && key !== 'self') keys.add(key);
      }
    }
    if (n.type === 'identifier' || n.type === 'attribute' || n.type === 'subscript') {
      const key = storageKey(n, fn);
      if (key !== undefined && key !== 'self') keys.add(key);
    }
    for (const c of n.children) visit(c);
  };
  visit(cond);
  return keys;
}

function writtenKeys(root: PyNode, fn: PyFunction): Writes {
  const stored = new Set<string>();
  const cleared = new Set<string>();
  const visit = (n: PyNode): void => {
    if (n.type === 'assignment' || n.type === 'augmented_assignment') {
      const left = child(n, 'left');
      const right = child(n, 'right');
      const targets = left?.type === 'pattern_list' || left?.type === 'tuple_pattern' ? left.children : left ? [left] : [];
      for (const t of targets) {
        const key = storageKey(t, fn);
        if (key === undefined || key === 'self') continue;
        stored.add(key);
        if (n.type === 'assignment' && right && (FALSY.has(unparen(right).type) || unparen(right).type === 'integer' && unparen(right).text === '0')) cleared.add(key);
      }
    } else if (n.type === 'call') {
      const f = child(n, 'function');
      const obj = f?.type === 'attribute' ? child(f, 'object') : undefined;
      if (obj && STORE_METHODS.has(child(f!, 'attribute')?.text ?? '')) {
        const key = storageKey(obj, fn);
        if (key !== undefined && key !== 'self') stored.add(key);
      }
    }
    for (const c of n.children) visit(c);
  };
  visit(root);
  return { stored, cleared };
}

/**
 * Whether `node` runs only when `fn` failed: it is in an `except` clause of `fn`'s
 * body, or after a `try:` whose body ends in `return`/`raise` in the same block
 * (`try: return parse(f)` / `except ValueError: …` / then recovery code): the try
 * cannot complete normally, so what follows it runs only when a handler caught an
 * error; or in an `if`/`elif`/`else` branch that ends in `raise` (the clean-up before
 * an error is raised). Error paths are not the hot path; the `try` body is still read.
 */
export function isOnErrorPath(node: PyNode, fn: PyFunction): boolean {
  for (let n: PyNode = node; n.parent && n !== fn.body; n = n.parent) {
    if (n.parent.type === 'except_clause' || n.parent.type === 'except_group_clause') return true;
    if (n.parent.type === 'block' && (afterTryThatExits(n, n.parent) || isRaisingBranch(n.parent))) return true;
  }
  return false;
}

/** An `if`/`elif`/`else` branch that always ends by raising: `if digest != expected: os.unlink(part); raise HashError(…)`. */
function isRaisingBranch(block: PyNode): boolean {
  const owner = block.parent;
  if (!owner || !(owner.type === 'if_statement' || owner.type === 'elif_clause' || owner.type === 'else_clause')) return false;
  if (owner.type === 'else_clause' && owner.parent?.type !== 'if_statement') return false;
  const last = block.children.filter((c) => c.type !== 'comment').pop();
  return last?.type === 'raise_statement';
}

/** A statement before `stmt` in `block` is a `try` with a handler whose body always returns or raises. */
function afterTryThatExits(stmt: PyNode, block: PyNode): boolean {
  for (const s of block.children) {
    if (s === stmt) return false;
    if (s.type !== 'try_statement' || !s.children.some((c) => c.type === 'except_clause' || c.type === 'except_group_clause')) continue;
    const body = child(s, 'body');
    const last = body?.children.filter((c) => c.type !== 'comment').pop();
    if (last && (last.type === 'return_statement' || last.type === 'raise_statement')) return true;
  }
  return false;
}
