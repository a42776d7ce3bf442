/**
 * What the scale-out engines look like in a module: Ray's remote functions and
 * `ray.get`, Dask's `delayed` and distributed `Client`, joblib's `Parallel` and
 * `delayed`, and the loops they are called in. Every name is resolved through
 * the module's imports and aliases (`import ray as r`, `from dask import delayed
 * as dl`), never matched as bare text, so a user's own `delayed` or `get` is not
 * one of these.
 */
import { LineMap } from '../../core/positions';
import type { PyFunction, PyModule } from './model';
import { externalName, type PyResolver, type Sym } from './resolve';
import { child, type PyNode, SCOPE_TYPES, unparen } from './syntax';

export const DASK_DELAYED = 'dask.delayed';
export const JOBLIB_DELAYED = 'joblib.delayed';
export const DASK_CLIENT = 'distributed.Client';
export const DASK_CLUSTER = 'distributed.LocalCluster';

/** The canonical name a callee expression resolves to, for external functions and methods of external types. */
export function calleeName(call: PyNode, module: PyModule, resolver: PyResolver): string | undefined {
  const fn = child(call, 'function');
  return fn ? externalName(resolver.resolve(fn, module)) : undefined;
}

/** `delayed` from Dask or joblib (either spelling), or undefined. */
export function delayedKind(node: PyNode, module: PyModule, resolver: PyResolver): 'dask' | 'joblib' | undefined {
  const sym = resolver.resolve(node, module);
  if (sym.kind !== 'external') return undefined;
  if (sym.qname === DASK_DELAYED) return 'dask';
  if (sym.qname === JOBLIB_DELAYED) return 'joblib';
  return undefined;
}

export function positional(call: PyNode): PyNode[] {
  const args = child(call, 'arguments');
  if (!args || args.type !== 'argument_list') return [];
  return args.children.filter((a) => a.type !== 'keyword_argument' && a.type !== 'dictionary_splat');
}

export function keyword(call: PyNode, name: string): PyNode | undefined {
  const args = child(call, 'arguments');
  if (!args || args.type !== 'argument_list') return undefined;
  for (const a of args.children) if (a.type === 'keyword_argument' && child(a, 'name')?.text === name) return child(a, 'value');
  return undefined;
}

export function stringLiteral(node: PyNode | undefined): string | undefined {
  if (!node || node.type !== 'string') return undefined;
  return node.children.find((c) => c.type === 'string_content')?.text ?? '';
}

/** A decorator's expression resolves to `ray.remote` (bare, or called with options). */
function isRayRemoteExpr(expr: PyNode, module: PyModule, resolver: PyResolver): boolean {
  const e = unparen(expr);
  const target = e.type === 'call' ? child(e, 'function') : e;
  if (!target) return false;
  const sym = resolver.resolve(target, module);
  return sym.kind === 'external' && sym.qname === 'ray.remote';
}

/** The decorator expression of each decorator of `fn`. */
function decoratorExprs(fn: PyFunction): PyNode[] {
  return fn.decorators.map((d) => d.children[0]).filter((x): x is PyNode => !!x);
}

/** `@ray.remote` / `@ray.remote(num_cpus=2)` on a function. */
export function isRayRemoteFunction(fn: PyFunction, resolver: PyResolver): boolean {
  return decoratorExprs(fn).some((d) => isRayRemoteExpr(d, fn.module, resolver));
}

/** `@dask.delayed` / `@delayed(pure=True)` on a function. */
export function isDaskDelayedFunction(fn: PyFunction, resolver: PyResolver): boolean {
  return decoratorExprs(fn).some((d) => {
    const e = unparen(d);
    const target = e.type === 'call' ? child(e, 'function') : e;
    return !!target && delayedKind(target, fn.module, resolver) === 'dask';
  });
}

/** Whether a call is `ray.remote(f)` (or `ray.remote(num_cpus=1)(f)`), a remote function made at run time. */
export function isRayRemoteWrap(call: PyNode, module: PyModule, resolver: PyResolver): boolean {
  const fn = child(call, 'function');
  if (!fn) return false;
  if (isRayRemoteExpr(fn, module, resolver) && unparen(fn).type === 'call') return positional(call).length === 1;
  const sym = resolver.resolve(fn, module);
  return sym.kind === 'external' && sym.qname === 'ray.remote' && positional(call).length === 1 && !child(call, 'arguments')!.children.some((a) => a.type === 'keyword_argument');
}

/**
 * The workspace function a Ray task call `f.remote(...)` runs, when `f` is a
 * function decorated with `@ray.remote` or a name bound to `ray.remote(g)`.
 */
export function remoteTarget(call: PyNode, module: PyModule, resolver: PyResolver): { fn?: PyFunction; isRemote: boolean } {
  const fnNode = child(call, 'function');
  if (fnNode?.type !== 'attribute' || child(fnNode, 'attribute')?.text !== 'remote') return { isRemote: false };
  const obj = unparen(child(fnNode, 'object')!);
  const sym = resolver.resolve(obj, module);
  if (sym.kind === 'function' && !sym.bound) return { fn: sym.fn, isRemote: isRayRemoteFunction(sym.fn, resolver) };
  if (obj.type === 'identifier') {
    const found = resolver.lookup(obj.text!, resolver.scopeOf(obj, module), module);
    const b = found?.bindings.length === 1 ? found.bindings[0] : undefined;
    if (b?.kind === 'assign' && b.value && unparen(b.value).type === 'call' && isRayRemoteWrap(unparen(b.value), module, resolver)) {
      const wrapped = resolver.resolve(positional(unparen(b.value))[0], module);
      return { fn: wrapped.kind === 'function' ? wrapped.fn : undefined, isRemote: true };
    }
  }
  return { isRemote: false };
}

/** Whether `call` is a `<something>.remote(...)` call, the only way Ray starts a task or an actor method. */
export function isDotRemoteCall(call: PyNode): boolean {
  const fnNode = child(call, 'function');
  return call.type === 'call' && fnNode?.type === 'attribute' && child(fnNode, 'attribute')?.text === 'remote';
}

export interface EnclosingLoop {
  /** The `for`/`while` statement or the comprehension. */
  node: PyNode;
  /** Names the loop binds on each iteration (for targets, comprehension targets). */
  targets: Set<string>;
}

const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

/**
 * The innermost loop of the same scope whose body (run once per iteration) holds
 * `node`: a `for`/`while` body, or a comprehension's element and conditions. The
 * iterable of a `for` and its `else` run once, so they are not inside.
 */
export function enclosingLoop(node: PyNode): EnclosingLoop | undefined {
  let prev = node;
  for (let n = node.parent; n; prev = n, n = n.parent) {
    if (SCOPE_TYPES.has(n.type)) return undefined;
    if ((n.type === 'for_statement' || n.type === 'while_statement') && prev.field === 'body') {
      const targets = new Set<string>();
      if (n.type === 'for_statement') collectNames(child(n, 'left'), targets);
      return { node: n, targets };
    }
    if (COMPREHENSIONS.has(n.type)) {
      const clauses = n.children.filter((c) => c.type === 'for_in_clause');
      // The first clause's iterable is evaluated once, outside the loop.
      const firstIterable = clauses[0] ? child(clauses[0], 'right') : undefined;
      if (firstIterable && isWithin(node, firstIterable)) continue;
      const targets = new Set<string>();
      for (const c of clauses) collectNames(child(c, 'left'), targets);
      return { node: n, targets };
    }
  }
  return undefined;
}

/** All loops of the same scope around `node`, innermost first. */
export function enclosingLoops(node: PyNode): EnclosingLoop[] {
  const out: EnclosingLoop[] = [];
  for (let l = enclosingLoop(node); l; l = enclosingLoop(l.node)) out.push(l);
  return out;
}

export function collectNames(node: PyNode | undefined, into: Set<string>): void {
  if (!node) return;
  if (node.type === 'identifier') { into.add(node.text!); return; }
  for (const c of node.children) collectNames(c, into);
}

export function isWithin(node: PyNode, ancestor: PyNode): boolean {
  return node.start >= ancestor.start && node.end <= ancestor.end;
}

/** Identifiers read in `node` (not attribute names or keyword names). */
export function identifiersIn(node: PyNode, into: Set<string> = new Set()): Set<string> {
  const stack = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'identifier' && n.field !== 'attribute' && n.field !== 'name') into.add(n.text!);
    for (const c of n.children) stack.push(c);
  }
  return into;
}

/** Names assigned anywhere in a loop body (they change per iteration). */
export function namesAssignedIn(loop: PyNode): Set<string> {
  const out = new Set<string>();
  const stack = [loop];
  while (stack.length) {
    const n = stack.pop()!;
    if (SCOPE_TYPES.has(n.type) && n !== loop) continue;
    if (n.type === 'assignment' || n.type === 'augmented_assignment' || n.type === 'for_statement' || n.type === 'for_in_clause') collectNames(child(n, 'left'), out);
    if (n.type === 'named_expression') collectNames(child(n, 'name'), out);
    if (n.type === 'with_item') { const alias = child(n, 'value'); if (alias?.type === 'as_pattern') collectNames(child(alias, 'alias'), out); }
    for (const c of n.children) stack.push(c);
  }
  return out;
}

/** The instance type of an expression, when it is an instance of an external type. */
export function instanceType(node: PyNode, module: PyModule, resolver: PyResolver): string | undefined {
  const sym: Sym = resolver.resolve(node, module);
  return sym.kind === 'instance' && 'external' in sym.type ? sym.type.external : undefined;
}

/** The text of a node. */
export function textOf(module: PyModule, node: PyNode): string {
  return module.text.slice(node.start, node.end);
}

/** A short quote of code for a message: the first line, cut at 40 characters. */
export function quote(module: PyModule, node: PyNode, max = 40): string {
  const t = textOf(module, node).split('\n')[0];
  return t.length > max ? `${t.slice(0, max - 3)}...` : t;
}

const lineMaps = new WeakMap<PyModule, LineMap>();

/** 1-based line of an offset, for messages (the module's LineMap, made once per text). */
export function lineOf(module: PyModule, offset: number): number {
  let map = lineMaps.get(module);
  if (!map || map.text !== module.text) lineMaps.set(module, (map = new LineMap(module.text)));
  return map.lineOf(offset) + 1;
}

/** Every call node in the module, nested scopes included, in source order. */
export function allCalls(module: PyModule): PyNode[] {
  const out: PyNode[] = [];
  const stack = [module.root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'call') out.push(n);
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Where Dask runs a task: threads of this process, worker processes, or the calling thread. */
export type DaskRunsIn = 'thread' | 'process' | 'sync';

const SCHEDULERS: Record<string, DaskRunsIn> = {
  threads: 'thread', threading: 'thread',
  processes: 'process', multiprocessing: 'process',
  sync: 'sync', synchronous: 'sync', 'single-threaded': 'sync',
};

function isFalse(node: PyNode | undefined): boolean {
  return !!node && unparen(node).type === 'false';
}

/** The one construction an expression names: the call itself, or the value a name is bound to once (`=` or `with ... as`). */
function constructionOf(expr: PyNode, module: PyModule, resolver: PyResolver): PyNode | undefined {
  const e = unparen(expr);
  if (e.type === 'call') return e;
  if (e.type !== 'identifier') return undefined;
  const found = resolver.lookup(e.text!, resolver.scopeOf(e, module), module);
  const b = found?.bindings.length === 1 ? found.bindings[0] : undefined;
  const value = b && (b.kind === 'assign' || b.kind === 'with') ? b.value : undefined;
  return value && unparen(value).type === 'call' ? unparen(value) : undefined;
}

/**
 * Where a distributed `Client` (or `LocalCluster`) runs its tasks. Worker processes
 * unless its construction is seen to say otherwise: `Client(processes=False)`,
 * `LocalCluster(processes=False)`, or a `Client(cluster)` of such a cluster. A client
 * made elsewhere (a parameter, `get_client()`, a remote address) has worker processes,
 * as every cluster but an in-process LocalCluster does.
 */
export function daskClientRunsIn(expr: PyNode, module: PyModule, resolver: PyResolver, depth = 0): DaskRunsIn {
  const made = depth > 3 ? undefined : constructionOf(expr, module, resolver);
  if (!made) return 'process';
  const name = calleeName(made, module, resolver);
  if (name !== DASK_CLIENT && name !== DASK_CLUSTER) return 'process';
  if (isFalse(keyword(made, 'processes'))) return 'thread';
  if (name === DASK_CLIENT) {
    const address = keyword(made, 'address') ?? positional(made)[0];
    if (address && unparen(address).type !== 'string') return daskClientRunsIn(address, module, resolver, depth + 1);
  }
  return 'process';
}

/** The scheduler a `dask.config.set(...)` call sets (keyword or `{"scheduler": ...}`), if it sets one. */
function configScheduler(call: PyNode, module: PyModule, resolver: PyResolver): DaskRunsIn | undefined {
  if (calleeName(call, module, resolver) !== 'dask.config.set') return undefined;
  let value = keyword(call, 'scheduler');
  const dict = positional(call)[0];
  if (!value && dict && unparen(dict).type === 'dictionary') {
    for (const pair of unparen(dict).children) {
      if (pair.type === 'pair' && stringLiteral(child(pair, 'key')) === 'scheduler') value = child(pair, 'value');
    }
  }
  if (!value) return undefined;
  const literal = stringLiteral(value);
  if (literal !== undefined) return SCHEDULERS[literal];
  return instanceType(value, module, resolver) === DASK_CLIENT ? daskClientRunsIn(value, module, resolver) : undefined;
}

/** The calls of a scope (a function body or the module) in source order, without those of nested scopes. */
function ownCalls(body: PyNode): PyNode[] {
  const out: PyNode[] = [];
  const stack = [body];
  while (stack.length) {
    const n = stack.pop()!;
    if (n !== body && SCOPE_TYPES.has(n.type)) continue;
    if (n.type === 'call') out.push(n);
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
  return out;
}

/**
 * Where a `dask.compute`/`.compute()` call with no `scheduler=` runs its tasks: the
 * `with dask.config.set(scheduler=...)` or `with Client(...)` block around it; else a
 * `dask.config.set(scheduler=...)` or a `Client(...)` (which makes itself the default)
 * made earlier in the same function, or at module level. Nothing seen: undefined, which
 * for delayed is Dask's threaded default.
 */
function ambientScheduler(compute: PyNode, module: PyModule, resolver: PyResolver): { runsIn: DaskRunsIn; via: string } | undefined {
  const line = (n: PyNode) => lineOf(module, n.start);
  for (let n = compute.parent; n; n = n.parent) {
    if (SCOPE_TYPES.has(n.type)) break;
    if (n.type !== 'with_statement') continue;
    const items = n.children.find((c) => c.type === 'with_clause')?.children.filter((c) => c.type === 'with_item') ?? [];
    for (const item of items.reverse()) {
      const v = child(item, 'value');
      const expr = v?.type === 'as_pattern' ? v.children[0] : v;
      if (!expr || unparen(expr).type !== 'call') continue;
      const call = unparen(expr);
      const set = configScheduler(call, module, resolver);
      if (set) return { runsIn: set, via: `the dask.config.set block at line ${line(call)}` };
      if (calleeName(call, module, resolver) === DASK_CLIENT) return { runsIn: daskClientRunsIn(call, module, resolver), via: `the Dask Client of line ${line(call)}` };
    }
  }
  const scope = resolver.scopeOf(compute, module);
  const bodies = scope ? [scope.body, module.root] : [module.root];
  for (const body of bodies) {
    const inScope = body === bodies[0];
    let found: { runsIn: DaskRunsIn; via: string } | undefined;
    for (const call of ownCalls(body)) {
      if (inScope && call.start >= compute.start) break;
      const set = configScheduler(call, module, resolver);
      if (set && call.parent?.type === 'expression_statement') found = { runsIn: set, via: `dask.config.set at line ${line(call)}` };
      else if (calleeName(call, module, resolver) === DASK_CLIENT && !isFalse(keyword(call, 'set_as_default'))) found = { runsIn: daskClientRunsIn(call, module, resolver), via: `the Dask Client of line ${line(call)}` };
    }
    if (found) return found;
  }
  return undefined;
}

const BAG_METHODS = new Set(['map', 'filter', 'map_partitions', 'starmap', 'accumulate', 'reduction', 'foldby', 'groupby', 'remove']);

/**
 * The functions a `dask.bag` chain runs (`db.from_sequence(xs).map(f).filter(g)`: f and g),
 * when the chain starts at a `dask.bag` constructor; else undefined.
 */
function bagFunctions(expr: PyNode, module: PyModule, resolver: PyResolver): PyNode[] | undefined {
  const out: PyNode[] = [];
  let e = unparen(expr);
  for (let i = 0; i < 20 && e.type === 'call'; i++) {
    const name = calleeName(e, module, resolver);
    if (name?.startsWith('dask.bag.')) return out.length ? out : undefined;
    const fn = unparen(child(e, 'function')!);
    if (fn.type !== 'attribute') return undefined;
    const method = child(fn, 'attribute')?.text ?? '';
    if (BAG_METHODS.has(method) && positional(e)[0]) out.push(positional(e)[0]);
    e = unparen(child(fn, 'object')!);
  }
  return undefined;
}

/** A function Dask runs through `dask.compute`/`dask.persist`, a `.compute()`/`.persist()` method, or `client.compute`. */
export interface DaskComputedTask {
  /** The function expression: `f` in `delayed(f)(x)`, or the callee of a `@delayed` function's call. */
  callable: PyNode;
  /** The compute call. */
  compute: PyNode;
  /** Where it runs, when the code says: `scheduler=`, `dask.config.set`, a distributed client. */
  runsIn?: DaskRunsIn;
  /** How the scheduler was chosen, for messages. */
  via: string;
}

/**
 * The delayed tasks a module computes, whose parts are spelled out where they are
 * computed or in a name bound once to them, with the scheduler each runs on.
 */
export function daskComputedTasks(module: PyModule, resolver: PyResolver): DaskComputedTask[] {
  const out: DaskComputedTask[] = [];
  const seen = new Set<PyNode>();
  const collect = (expr: PyNode, task: Omit<DaskComputedTask, 'callable'>, depth: number): void => {
    if (depth > 4) return;
    const e = unparen(expr.type === 'list_splat' ? expr.children[0] ?? expr : expr);
    if (['list_comprehension', 'generator_expression', 'set_comprehension'].includes(e.type)) {
      const body = child(e, 'body');
      if (body) collect(body, task, depth + 1);
      return;
    }
    if (e.type === 'list' || e.type === 'tuple') { for (const c of e.children) collect(c, task, depth + 1); return; }
    if (e.type === 'identifier') {
      const found = resolver.lookup(e.text!, resolver.scopeOf(e, module), module);
      const b = found?.bindings.length === 1 ? found.bindings[0] : undefined;
      if (b?.kind === 'assign' && b.value) collect(b.value, task, depth + 1);
      return;
    }
    if (e.type !== 'call') return;
    const bag = bagFunctions(e, module, resolver);
    if (bag) {
      // A bag runs on worker processes unless the compute or the code around it says otherwise.
      const onBag = task.runsIn ? task : { ...task, runsIn: 'process' as const, via: `${task.via.replace(/ on Dask's default threads$/, '')} of a dask.bag (processes, Dask's default for bags)` };
      for (const f of bag) if (!seen.has(f)) { seen.add(f); out.push({ callable: f, ...onBag }); }
      return;
    }
    const fn = unparen(child(e, 'function')!);
    let callable: PyNode | undefined;
    if (fn.type === 'call' && delayedKind(child(fn, 'function')!, module, resolver) === 'dask') callable = positional(fn)[0];
    else {
      const sym = resolver.resolve(fn, module);
      if (sym.kind === 'function' && isDaskDelayedFunction(sym.fn, resolver)) callable = fn;
    }
    if (callable && !seen.has(callable)) { seen.add(callable); out.push({ callable, ...task }); }
  };
  for (const call of allCalls(module)) {
    const fn = child(call, 'function')!;
    const name = calleeName(call, module, resolver);
    const method = fn.type === 'attribute' ? child(fn, 'attribute')?.text ?? '' : '';
    const onClient = (method === 'compute' || method === 'persist') && instanceType(child(fn, 'object')!, module, resolver) === DASK_CLIENT;
    const isCompute = name === 'dask.compute' || name === 'dask.persist';
    const isMethod = !onClient && !isCompute && (method === 'compute' || method === 'persist');
    if (!onClient && !isCompute && !isMethod) continue;
    let runsIn: DaskRunsIn | undefined;
    let via: string;
    const scheduler = keyword(call, 'scheduler');
    const spelled = isCompute ? name! : `.${method}()`;
    if (onClient) {
      runsIn = daskClientRunsIn(child(fn, 'object')!, module, resolver);
      via = `Dask client.${method}${runsIn === 'thread' ? ' on an in-process Client(processes=False)' : ''}`;
    } else if (scheduler) {
      const literal = stringLiteral(scheduler);
      runsIn = literal !== undefined ? SCHEDULERS[literal] : instanceType(scheduler, module, resolver) === DASK_CLIENT ? daskClientRunsIn(scheduler, module, resolver) : undefined;
      via = `${spelled} with scheduler=${literal !== undefined ? `"${literal}"` : textOf(module, scheduler)}`;
    } else {
      const ambient = ambientScheduler(call, module, resolver);
      runsIn = ambient?.runsIn;
      via = ambient ? `${spelled} under ${ambient.via}` : `${spelled} on Dask's default threads`;
    }
    if (onClient || isCompute) for (const arg of positional(call)) collect(arg, { compute: call, runsIn, via }, 0);
    else collect(child(fn, 'object')!, { compute: call, runsIn, via }, 0);
  }
  return out;
}

/** A function Dask runs on its threaded scheduler: `dask.compute(..., scheduler="threads")`. */
export interface DaskThreadTask {
  /** The function expression: `f` in `delayed(f)(x)`, or the callee of a `@delayed` function's call. */
  callable: PyNode;
  /** The compute call that picks the threaded scheduler. */
  compute: PyNode;
  /** How the threads were chosen, for messages: `scheduler="threads"`, or the dask.config.set / in-process Client that chose them. */
  via: string;
}

/**
 * The delayed tasks computed on threads the code chose: `scheduler="threads"` on
 * `dask.compute`/`dask.persist` or a `.compute()`/`.persist()` method, a
 * `dask.config.set(scheduler="threads")` around or before it, or an in-process
 * `Client(processes=False)`. Dask's unspoken default (threads, for delayed) is not counted.
 */
export function daskThreadTasks(module: PyModule, resolver: PyResolver): DaskThreadTask[] {
  return daskComputedTasks(module, resolver).filter((t) => t.runsIn === 'thread').map(({ callable, compute, via }) => {
    const literal = stringLiteral(keyword(compute, 'scheduler'));
    return { callable, compute, via: literal !== undefined ? `scheduler="${literal}"` : via };
  });
}
