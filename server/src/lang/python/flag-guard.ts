/**
 * Blocking reached through `obj.method()`, where `obj` was built with a flag that makes
 * the method return before it blocks. distributed's `LoopRunner(asynchronous=True).start()`
 * stores `self._asynchronous = asynchronous` in `__init__`, and `_start_unlocked` begins
 * with `if self._asynchronous or …: return`; only the other mode starts a thread and waits
 * on an Event. Following the constant into the method (and the `self.m()` calls it
 * makes) tells the two modes apart, instead of flagging every `start()`.
 */
import type { PyCallGraph } from './call-graph';
import { ownCalls } from './call-graph/calls';
import { type Reach, stepAt } from './call-graph/reach';
import type { PyFunction, PyModule } from './model';
import { child, dottedName, SCOPE_TYPES, unparen, walkOwn, type PyNode } from './syntax';

const EXITS = new Set(['return_statement', 'raise_statement']);

/**
 * Attributes of `obj` known to be truthy at `call` (`obj.m()`): `obj` is a local bound
 * once to `Cls(..., kw=True)`, `Cls.__init__` stores that parameter as `self.attr` in its
 * own body, no other method assigns `self.attr`, and the caller does not assign `obj.attr`.
 */
export function truthyAttributesAt(graph: PyCallGraph, call: PyNode, module: PyModule, target: PyFunction): Set<string> {
  const attrs = new Set<string>();
  const fn = child(call, 'function');
  const recv = fn?.type === 'attribute' ? child(fn, 'object') : undefined;
  const cls = target.cls;
  if (!recv || recv.type !== 'identifier' || !cls) return attrs;
  const scope = graph.resolver.scopeOf(call, module);
  const found = graph.resolver.lookup(recv.text!, scope, module);
  const b = found?.bindings.length === 1 ? found.bindings[0] : undefined;
  const ctor = b?.kind === 'assign' && b.value ? unparen(b.value) : undefined;
  if (!ctor || ctor.type !== 'call') return attrs;
  const init = graph.calledFunction(ctor, module);
  if (!init || init.name !== '__init__' || init.cls !== cls) return attrs;
  const args = child(ctor, 'arguments');
  for (const a of args?.children ?? []) {
    if (a.type !== 'keyword_argument' || unparen(child(a, 'value')!).type !== 'true') continue;
    const param = child(a, 'name')?.text;
    if (!param || !init.params.some((p) => p.name === param)) continue;
    for (const [attr, sets] of cls.attributes) {
      if (sets.length !== 1 || sets[0].fn !== init) continue;
      const v = sets[0].value;
      const stmt = v.parent?.parent;
      if (v.type === 'identifier' && v.text === param && stmt?.parent === init.body && !assignedIn(scope, module, recv.text!, attr)) attrs.add(attr);
    }
  }
  return attrs;
}

/** Whether `name.attr = …` is written in the caller (which could turn the flag off). */
function assignedIn(scope: PyFunction | undefined, module: PyModule, name: string, attr: string): boolean {
  let hit = false;
  walkOwn(scope ? scope.body : module.root, (n) => {
    if (hit) return false;
    if ((n.type === 'assignment' || n.type === 'augmented_assignment') && dottedName(child(n, 'left')!) === `${name}.${attr}`) hit = true;
  });
  return hit;
}

/** `self.attr`, or an `or` with it on one side: true whenever `attr` is truthy. */
function impliedBy(cond: PyNode, self: string, attrs: Set<string>): boolean {
  const c = unparen(cond);
  if (c.type === 'attribute') {
    const name = dottedName(c);
    return !!name && name.startsWith(`${self}.`) && attrs.has(name.slice(self.length + 1));
  }
  if (c.type === 'boolean_operator' && c.ops?.includes('or')) {
    return [child(c, 'left'), child(c, 'right')].some((s) => !!s && impliedBy(s, self, attrs));
  }
  return false;
}

/** Whether `fn` returns or raises before `node` runs, given the flags: an earlier `if self.flag: …; return`. */
function exitsBefore(node: PyNode, fn: PyFunction, attrs: Set<string>): boolean {
  const self = fn.params[0]?.name;
  if (!self) return false;
  for (let n: PyNode = node; n.parent && !SCOPE_TYPES.has(n.parent.type); n = n.parent) {
    const p = n.parent;
    if (p.type !== 'block') continue;
    for (const prev of p.children.slice(0, p.children.indexOf(n))) {
      if (prev.type !== 'if_statement' || prev.children.some((c) => c.field === 'alternative')) continue;
      const cond = child(prev, 'condition');
      const body = child(prev, 'consequence');
      const last = body?.children[body.children.length - 1];
      if (cond && last && EXITS.has(last.type) && impliedBy(cond, self, attrs)) return true;
    }
  }
  return false;
}

/**
 * `blockingReach` for a method of an object whose `attrs` are truthy: calls after an
 * early exit on one of those flags are skipped, and the assumption follows `self.m()`
 * calls into the class's other methods. Not memoised: it runs only where a flag was found.
 */
export function blockingReachWithFlags(graph: PyCallGraph, fn: PyFunction, attrs: Set<string>, depth: number): Reach | null {
  const calls = ownCalls(fn).filter((c) => !exitsBefore(c, fn, attrs));
  for (const call of calls) {
    const api = graph.blockingApi(call, fn.module);
    if (api) return { what: api.label, alternative: api.alternative, steps: [stepAt(fn, call, api.label, `'${fn.name}' calls ${api.label}`)] };
  }
  if (depth <= 1) return null;
  for (const call of calls) {
    const target = graph.calledPlainFunction(call, fn.module);
    if (!target || target === fn || !graph.runsAt(target, call, fn.module)) continue;
    const sub = onSelf(call, fn, target) ? blockingReachWithFlags(graph, target, attrs, depth - 1) : graph.blockingReach(target, depth - 1);
    if (sub) return { ...sub, steps: [stepAt(fn, call, target.name, `'${fn.name}' calls '${target.name}'`), ...sub.steps] };
  }
  return null;
}

/** `self.m()` from a method of the same class: the same object, so the same flags. */
function onSelf(call: PyNode, fn: PyFunction, target: PyFunction): boolean {
  const f = child(call, 'function');
  const self = fn.params[0]?.name;
  return !!self && !!fn.cls && fn.cls === target.cls && f?.type === 'attribute' && dottedName(child(f, 'object')!) === self;
}
