/** lock-order-inversion: the Python reading (the rule's header and meta are in index.ts). */
import { basename } from 'node:path';
import { LOCK_TYPES } from '../../lang/python/apis';
import { ownCalls } from '../../lang/python/call-graph/calls';
import { textOf } from '../../lang/python/call-graph/reach';
import type { PyRuleContext } from '../../lang/python/rule-context';
import type { PyFunction, PyModule } from '../../lang/python/model';
import type { PyResolver } from '../../lang/python/resolve';
import { child, type PyNode, SCOPE_TYPES, unparen, walkOwn } from '../../lang/python/syntax';
import { LineMap } from '../../core/positions';
import { quoteCode } from '../../core/quote';
import type { Rule } from '../types';

/** A lock's identity across the workspace, and its short name for messages and the text scan. */
interface LockId {
  key: string;
  label: string;
  word: string;
}

interface Acquisition {
  outer: LockId;
  inner: LockId;
  module: PyModule;
  fn: PyFunction;
  /** Where the inner lock is taken (or the call that takes it). */
  node: PyNode;
}

const pairsCache = new WeakMap<PyModule, { generation: number; pairs: Acquisition[] }>();

export const pythonReading: Pick<Required<Rule>, 'checkPython'> = {
  checkPython(ctx: PyRuleContext): void {
    const { module, resolver, workspace } = ctx;
    const mine = lockPairs(module, resolver);
    if (mine.length === 0) return;
    // One finding per order in this file: the first place that takes the two locks in that order, the
    // other places that take them in the same order as related information.
    const byOrder = new Map<string, Acquisition[]>();
    for (const p of [...mine].sort((a, b) => a.node.start - b.node.start)) {
      const key = `${p.outer.key}\u0000${p.inner.key}`;
      const list = byOrder.get(key);
      if (list) list.push(p);
      else byOrder.set(key, [p]);
    }
    for (const [p, ...same] of byOrder.values()) {
      const reverse = (a: Acquisition) => a.outer.key === p.inner.key && a.inner.key === p.outer.key;
      let other: Acquisition | undefined = mine.filter(reverse).sort((a, b) => a.node.start - b.node.start)[0];
      if (!other) {
        for (const file of ctx.scan.filesMentioning([p.outer.word, p.inner.word], module.file)) {
          if (file === module.file) continue;
          const m = workspace.tryGetModule(file);
          if (!m) continue;
          other = lockPairs(m, resolver).find(reverse);
          if (other) break;
          if (ctx.token.isCancellationRequested) return;
        }
      }
      if (!other) continue;
      const lines = new LineMap(module.text);
      const line = new LineMap(other.module.text).lineOf(other.node.start) + 1;
      const also = same.length === 0 ? '' : ` The same order is taken ${same.length === 1 ? 'once more' : `${same.length} more times`} in this file (line ${[...new Set(same.map((s) => lines.lineOf(s.node.start) + 1))].join(', ')}).`;
      ctx.report({
        start: p.node.start,
        end: p.node.end,
        message: `Lock order inversion with ${quoteCode(other.fn.name, 24)}: ${p.inner.label} taken while holding ${p.outer.label}`,
        detail: `${quoteCode(other.fn.name, 60)} (line ${line}${other.module === module ? '' : ` of ${basename(other.module.file)}`}) takes ${p.outer.label} while holding ${p.inner.label}. Two threads on these paths can deadlock, each holding the lock the other waits for. Take the locks in one fixed order everywhere.${also}`,
        related: [
          { file: other.module.file, start: other.node.start, end: other.node.end, message: `${p.outer.label} taken while holding ${p.inner.label}` },
          ...same.map((s) => ({ file: module.file, start: s.node.start, end: s.node.end, message: `${p.inner.label} also taken while holding ${p.outer.label}` })),
        ],
      });
    }
  },
};

/**
 * The order edges of a module: each lock taken while the path already holds another. A lock the path
 * already holds (an enclosing `with`, an earlier item of the same `with`, or the caller's `with` around
 * a call) is re-entry, not a new acquisition: it adds no edge and is not held twice.
 */
function lockPairs(module: PyModule, resolver: PyResolver): Acquisition[] {
  const cached = pairsCache.get(module);
  if (cached && cached.generation === resolver.workspace.generation) return cached.pairs;
  const pairs: Acquisition[] = [];
  const taken = new Map<PyFunction, LockId[] | 'busy'>();
  for (const fn of module.functions) {
    const visit = (n: PyNode, held: readonly LockId[]): void => {
      if (SCOPE_TYPES.has(n.type)) return;
      if (n.type === 'with_statement') {
        const now = [...held];
        for (const item of withLocks(n, fn, module, resolver)) {
          if (now.some((h) => h.key === item.id.key)) continue;
          for (const outer of now) pairs.push({ outer, inner: item.id, module, fn, node: item.node });
          now.push(item.id);
        }
        for (const c of n.children) visit(c, c.field === 'body' ? now : held);
        return;
      }
      if (n.type === 'call' && held.length > 0) {
        const target = calledFn(n, module, resolver);
        if (target) {
          const seen = new Set<string>();
          for (const inner of locksTakenBy(target, resolver, taken)) {
            if (seen.has(inner.key) || held.some((h) => h.key === inner.key)) continue;
            seen.add(inner.key);
            for (const outer of held) pairs.push({ outer, inner, module, fn, node: n });
          }
        }
      }
      for (const c of n.children) visit(c, held);
    };
    for (const c of fn.body.children) visit(c, []);
  }
  pairsCache.set(module, { generation: resolver.workspace.generation, pairs });
  return pairs;
}

function calledFn(call: PyNode, module: PyModule, resolver: PyResolver): PyFunction | undefined {
  const sym = resolver.resolve(child(call, 'function')!, module);
  return sym.kind === 'function' && !sym.fn.isAsync ? sym.fn : undefined;
}

/** Locks a function takes with `with`, directly or in functions it calls. */
function locksTakenBy(fn: PyFunction, resolver: PyResolver, memo: Map<PyFunction, LockId[] | 'busy'>): LockId[] {
  const cached = memo.get(fn);
  if (cached === 'busy') return [];
  if (cached) return cached;
  memo.set(fn, 'busy');
  const out: LockId[] = [];
  walkOwn(fn.body, (n) => {
    if (n.type === 'with_statement') for (const l of withLocks(n, fn, fn.module, resolver)) out.push(l.id);
  });
  for (const call of ownCalls(fn)) {
    const target = calledFn(call, fn.module, resolver);
    if (target && target !== fn) out.push(...locksTakenBy(target, resolver, memo));
  }
  memo.set(fn, out);
  return out;
}

function withLocks(stmt: PyNode, fn: PyFunction, module: PyModule, resolver: PyResolver): { id: LockId; node: PyNode }[] {
  const out: { id: LockId; node: PyNode }[] = [];
  if (stmt.isAsync) return out;
  for (const item of stmt.children.find((c) => c.type === 'with_clause')?.children ?? []) {
    let value = child(item, 'value');
    if (value?.type === 'as_pattern') value = value.children[0];
    if (!value) continue;
    const id = lockId(unparen(value), fn, module, resolver);
    if (id) out.push({ id, node: value });
  }
  return out;
}

/** Module-level locks (followed through imports) and `self` attributes have a stable identity; locals do not. */
function lockId(expr: PyNode, fn: PyFunction, module: PyModule, resolver: PyResolver): LockId | undefined {
  const sym = resolver.resolve(expr, module);
  if (!(sym.kind === 'instance' && 'external' in sym.type && LOCK_TYPES.has(sym.type.external))) return undefined;
  const label = quoteCode(textOf(module, expr), 24);
  if (expr.type === 'identifier') {
    const home = definingModule(expr.text!, fn, module, resolver, 0);
    return home ? { key: `${home.module.file}#${home.name}`, label, word: home.name } : undefined;
  }
  if (expr.type === 'attribute') {
    const obj = child(expr, 'object')!;
    const attr = child(expr, 'attribute')!.text!;
    const owner = resolver.resolve(obj, module);
    if (owner.kind === 'instance' && 'cls' in owner.type) return { key: `${owner.type.cls.module.file}#${owner.type.cls.name}.${attr}`, label, word: attr };
    if (owner.kind === 'module') return { key: `${owner.module.file}#${attr}`, label, word: attr };
    if (owner.kind === 'class') return { key: `${owner.cls.module.file}#${owner.cls.name}.${attr}`, label, word: attr };
  }
  return undefined;
}

/** The module that assigns a module-level lock name, following `from x import LOCK`. */
function definingModule(name: string, fn: PyFunction | undefined, module: PyModule, resolver: PyResolver, depth: number): { module: PyModule; name: string } | undefined {
  if (depth > 5) return undefined;
  const found = resolver.lookup(name, fn, module);
  if (!found || found.owner) return undefined;
  const b = found.bindings[0];
  if (b.kind === 'assign') return { module, name };
  if (b.kind === 'import') {
    const dot = b.qname.lastIndexOf('.');
    const home = dot > 0 ? resolver.workspace.findModule(b.qname.slice(0, dot), module.file) : undefined;
    return home ? definingModule(b.qname.slice(dot + 1), undefined, home, resolver, depth + 1) : undefined;
  }
  return undefined;
}
