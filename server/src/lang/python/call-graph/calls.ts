/** The calls a function makes in its own body, and the function a resolved name stands for. */
import type { PyFunction } from '../model';
import type { PyResolver, Sym } from '../resolve';
import { type PyNode, walkOwn } from '../syntax';

export function functionOfSym(sym: Sym, resolver: PyResolver): PyFunction | undefined {
  if (sym.kind === 'function') return sym.fn;
  if (sym.kind === 'class') {
    for (const c of [sym.cls, ...resolver.baseClasses(sym.cls)]) {
      const init = c.methods.get('__init__');
      if (init) return init;
    }
  }
  return undefined;
}

const callsCache = new WeakMap<PyFunction, PyNode[]>();

/** Calls made in a function's own body (not in nested functions or lambdas). */
export function ownCalls(fn: PyFunction): PyNode[] {
  let calls = callsCache.get(fn);
  if (!calls) {
    const list: PyNode[] = [];
    walkOwn(fn.body, (n) => {
      if (n.type === 'call') list.push(n);
    });
    if (fn.isLambda && fn.body.type === 'call') list.unshift(fn.body);
    calls = list;
    callsCache.set(fn, calls);
  }
  return calls;
}

export function containsAwait(node: PyNode): boolean {
  let yes = false;
  walkOwn(node, (n) => {
    if (n.type === 'await' || ((n.type === 'for_statement' || n.type === 'with_statement') && n.isAsync)) yes = true;
    return !yes;
  });
  return yes;
}
