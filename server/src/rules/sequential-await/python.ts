/**
 * sequential-await, the Python reading: a plain `for` loop in `async def` that
 * maps data through an awaited call, one item at a time. Each iteration awaits a
 * function (`fetch(url)`, `aiofiles.os.stat(p)`) with arguments from the item,
 * the result is collected (`out.append(r)`, `out[k] = r`, `total += r`, or used
 * to filter what is collected), and nothing depends on an earlier iteration, so
 * the awaits could run together with `asyncio.gather` or a `TaskGroup`.
 *
 * Quiet otherwise: hooks, plugins, signals and callbacks (the callee is the loop
 * variable or an attribute of it, or of a name bound in the body), calls on one
 * object every iteration (`self`, a connection, session, cursor, stream), awaits
 * done only for their effect, `reversed(...)` teardown, `async with` in the body,
 * `asyncio.sleep` pacing, batches (`gather` per iteration), carried values
 * (pagination, polling), `break`/`return`/`raise`/`yield`, an async generator that
 * yields what the loop collected (it streams results one by one), and loops whose
 * comments say the order is intended.
 */
import type { Fix } from '../../core/finding';
import { textOf } from '../../lang/python/call-graph/reach';
import type { PyRuleContext } from '../../lang/python/rule-context';
import { ensureAsyncioImport } from '../../lang/python/fix-helpers';
import type { PyFunction, PyModule } from '../../lang/python/model';
import { externalName, type Sym } from '../../lang/python/resolve';
import { functionOfSym } from '../../lang/python/call-graph/calls';
import { child, type PyNode, unparen, walkOwn } from '../../lang/python/syntax';
import { ORDER_INTENDED } from './order-intent';

export function checkSequentialAwaitPython(ctx: PyRuleContext): void {
  const { module } = ctx;
  for (const fn of module.functions) {
    if (!fn.isAsync) continue;
    walkOwn(fn.body, (n) => {
      if (n.type !== 'for_statement' || n.isAsync) return;
      const hit = mapOverData(n, fn, ctx);
      if (!hit) return;
      const iter = child(n, 'right')!;
      const target = child(n, 'left')!;
      const call = unparen(hit.await.children[0]);
      const callText = textOf(module, call);
      const suggestion = hit.usesBodyLocals
        ? 'Run them concurrently with asyncio.gather over a helper coroutine per item, or an asyncio.TaskGroup'
        : `Run them concurrently: 'await asyncio.gather(*(${callText} for ${textOf(module, target)} in ${textOf(module, iter)}))' or an 'asyncio.TaskGroup'`;
      ctx.report({
        start: hit.await.start,
        end: hit.await.end,
        message: `Each iteration waits for '${callText}' before the next starts, though each call takes only its own item and the results are collected. ${suggestion} (with a Semaphore to limit concurrency on long lists).`,
        fixes: hit.usesBodyLocals ? [] : gatherFix(n, module),
      });
    });
  }
}

/** Where a loop puts its results: `out.append(v)`, `seen.add(v)`, `out[k] = v`, `total += v`. */
interface Sink {
  node: PyNode;
  value: PyNode;
  /** The collection's name, bound outside the loop. */
  target: string;
}

interface Hit {
  await: PyNode;
  /** The awaited call reads a name bound in the body: a generator over the iterable alone could not express it. */
  usesBodyLocals: boolean;
}

const COLLECTING_METHODS = new Set(['append', 'add', 'extend', 'appendleft']);
const CONSTANT_VALUES = new Set(['string', 'concatenated_string', 'integer', 'float', 'true', 'false', 'none']);
const BATCHING = new Set(['asyncio.gather', 'asyncio.wait', 'asyncio.as_completed', 'anyio.create_task_group', 'trio.open_nursery']);

/** The first await of a loop that maps its items through a call and collects the results, if the loop qualifies. */
function mapOverData(loop: PyNode, fn: PyFunction, ctx: PyRuleContext): Hit | undefined {
  const { module } = ctx;
  const body = child(loop, 'body');
  const target = child(loop, 'left');
  const iter = child(loop, 'right');
  if (!body || !target || !iter || child(loop, 'alternative')) return undefined;
  if (isReversedWalk(iter, ctx) || saysOrderIsIntended(loop, fn, module) || underAsyncLock(loop, fn, ctx)) return undefined;
  const targetVars = new Set(boundNames(target));
  // Names bound in the body are per-iteration values too (`p = Preload(x); await p.start()`).
  const bodyNames = new Set<string>();
  walkOwn(body, (n) => {
    if (n.type === 'assignment' || n.type === 'for_in_clause' || n.type === 'for_statement') for (const name of boundNames(child(n, 'left')!)) bodyNames.add(name);
    if (n.type === 'with_item' || n.type === 'as_pattern') for (const c of n.children) if (c.field === 'alias') for (const name of boundNames(c)) bodyNames.add(name);
  });
  const loopVars = new Set([...targetVars, ...bodyNames]);
  let disqualified = false;
  const awaits: PyNode[] = [];
  const reads: { name: string; at: number }[] = [];
  const writes: { name: string; at: number }[] = [];
  const augmented: PyNode[] = [];
  walkOwn(body, (n) => {
    if (disqualified) return false;
    switch (n.type) {
      case 'break_statement':
      case 'return_statement':
      case 'yield':
      case 'raise_statement':
        disqualified = true;
        return false;
      case 'while_statement':
        if (containsOwnAwait(n)) disqualified = true;
        return false;
      case 'for_statement': {
        // An inner loop awaiting in its body is its own sequence; an await in its
        // iterable (`for a in await resolve(host)`) runs once per outer iteration.
        const inner = child(n, 'body');
        if (n.isAsync || inner && containsOwnAwait(inner)) {
          disqualified = true;
          return false;
        }
        return;
      }
      case 'with_statement':
        if (n.isAsync) disqualified = true; // async with a lock, a semaphore, a transaction: ordering is the point
        return;
      case 'await': {
        const value = n.children[0] ? unparen(n.children[0]) : undefined;
        if (!value || value.type !== 'call' || !(isIndependentCall(value, loopVars, ctx) || isItemMethodCall(value, target, loopVars, ctx)) || wrapsItemHook(value, loopVars, ctx)) {
          disqualified = true;
          return false;
        }
        awaits.push(n);
        return;
      }
      case 'augmented_assignment':
        augmented.push(n);
        return;
      case 'assignment': {
        // The value is computed before the name is bound: a read inside it sees the previous iteration.
        const left = child(n, 'left');
        if (left) for (const name of boundNames(left)) writes.push({ name, at: n.end });
        return;
      }
      case 'identifier':
        if (n.field !== 'attribute' && n.field !== 'name' && !isTarget(n)) reads.push({ name: n.text!, at: n.start });
        return;
    }
  });
  if (disqualified || awaits.length === 0) return undefined;
  if (awaits.some((a) => endsOnCalleeError(loop, unparen(a.children[0]), ctx))) return undefined;
  // A name read before it is (re)assigned later in the body carries a value across iterations.
  for (const w of writes) {
    if (reads.some((r) => r.name === w.name && r.at < w.at)) return undefined;
  }
  const sinks = collectingSinks(body, loopVars, module);
  // Any other `+=` carries a value across iterations (a counter, a cursor).
  if (augmented.some((a) => !sinks.some((s) => s.node === a))) return undefined;
  if (sinks.length === 0 || sinks.some((s) => readsBack(body, s, sinks, module)) || mutatesOutsideCollection(body, loopVars, sinks)) return undefined;
  if (yieldsCollection(fn, loop, sinks)) return undefined;
  for (const a of awaits) {
    const call = unparen(a.children[0]);
    const args = child(call, 'arguments');
    if (!args || !(usesAny(args, loopVars) || isItemMethodCall(call, target, loopVars, ctx))) continue;
    if (!isCollected(a, body, sinks)) continue;
    return { await: a, usesBodyLocals: usesAny(call, bodyNames) };
  }
  return undefined;
}

/**
 * `async def report(...): for item in items: props = []; for p in requested: props.append(await get(item, p)); yield Status(item, props)`:
 * an async generator that hands what the loop collected to its consumer with `yield`
 * (after the loop, once per item of an outer loop). It streams its results one by one,
 * as the consumer asks for them: the loop is a step of a stream, not a batch to gather.
 */
function yieldsCollection(fn: PyFunction, loop: PyNode, sinks: Sink[]): boolean {
  const targets = new Set(sinks.map((s) => s.target));
  let yielded = false;
  walkOwn(fn.body, (n) => {
    if (yielded) return false;
    if (n.type !== 'yield' || n.start >= loop.start && n.end <= loop.end) return;
    walkOwn({ ...n, children: [n] }, (m) => {
      if (m.type === 'identifier' && m.field !== 'attribute' && targets.has(m.text!)) yielded = true;
      return !yielded;
    });
  });
  return yielded;
}

const SCOPES = new Set(['function_definition', 'lambda', 'class_definition']);
const GROUPS = new Set(['tuple', 'parenthesized_expression', 'expression_list']);

/**
 * `try: for q in qs: out.extend(await resolve(q)) except ResolveError: return fail()`:
 * the awaited function raises, in its own body, an error that a `try` around the loop
 * (in the same function) catches. The first item it rejects ends the loop, as a
 * `break` would, and the items after it are never started; run together, all would.
 */
function endsOnCalleeError(loop: PyNode, call: PyNode, ctx: PyRuleContext): boolean {
  const { module, resolver } = ctx;
  const raised: Sym[] = [];
  for (const callee of calleesOf(call, ctx)) {
    walkOwn(callee.body, (n) => {
      if (n.type !== 'raise_statement') return;
      const e = n.children.find((c) => c.field !== 'cause');
      const type = e && unparen(e).type === 'call' ? child(unparen(e), 'function') : e;
      if (type) raised.push(builtinOr(unparen(type), callee.module, resolver));
    });
  }
  if (raised.length === 0) return false;
  for (let n: PyNode = loop; n.parent && !SCOPES.has(n.parent.type); n = n.parent) {
    const t = n.parent;
    if (t.type !== 'try_statement' || n.type !== 'block' || !(n.field === 'body' || t.children.find((c) => c.type === 'block') === n)) continue;
    for (const handler of t.children) {
      if (handler.type !== 'except_clause' && handler.type !== 'except_group_clause') continue;
      for (const c of handler.children) {
        if (c.type === 'block' || c.field === 'alias') continue;
        for (const caught of exceptionTypes(c)) {
          const sym = builtinOr(caught, module, resolver);
          if (raised.some((r) => isSameOrSubclass(r, sym, resolver))) return true;
        }
      }
    }
  }
  return false;
}

/**
 * The workspace functions an awaited call runs: the callee itself, and a function it
 * is handed to run (`run_in_thread(partial(self.route, amount=a))`,
 * `loop.run_in_executor(None, parse, blob)`, `asyncio.to_thread(parse, blob)`), whose
 * errors come back out of the await.
 */
function calleesOf(call: PyNode, ctx: PyRuleContext): PyFunction[] {
  const { module, resolver } = ctx;
  const out: PyFunction[] = [];
  const add = (node: PyNode | undefined) => {
    const fn = node && (node.type === 'identifier' || node.type === 'attribute') ? functionOfSym(resolver.resolve(node, module), resolver) : undefined;
    if (fn && !out.includes(fn)) out.push(fn);
  };
  add(unparen(child(call, 'function')!));
  for (const a of child(call, 'arguments')?.children ?? []) {
    if (a.type === 'keyword_argument' || a.type === 'comment') continue;
    const value = unparen(a);
    if (value.type === 'identifier' || value.type === 'attribute') {
      if (resolver.resolve(value, module).kind === 'function') add(value);
    } else if (value.type === 'call' && externalName(resolver.resolve(unparen(child(value, 'function')!), module)) === 'functools.partial') {
      const first = child(value, 'arguments')?.children.find((c) => c.type !== 'comment' && c.type !== 'keyword_argument');
      if (first) add(unparen(first));
    }
  }
  return out;
}

/** `except E`, `except (E, F)`, `except E as e`: the type expressions named. */
function exceptionTypes(node: PyNode): PyNode[] {
  if (node.type === 'as_pattern') return node.children[0] ? exceptionTypes(node.children[0]) : [];
  if (GROUPS.has(node.type)) return node.children.flatMap(exceptionTypes);
  return node.type === 'identifier' || node.type === 'attribute' ? [node] : [];
}

/** A builtin exception (`ValueError`, a name no scope binds) as `builtins.ValueError`; else what the resolver says. */
function builtinOr(type: PyNode, module: PyModule, resolver: PyRuleContext['resolver']): Sym {
  if (type.type === 'identifier' && resolver.lookup(type.text!, resolver.scopeOf(type, module), module) === undefined) return { kind: 'external', qname: `builtins.${type.text}` };
  return resolver.resolve(type, module);
}

/** The raised class is the caught one or derives from it (a class of the workspace), or both name the same library class. */
function isSameOrSubclass(raised: Sym, caught: Sym, resolver: PyRuleContext['resolver']): boolean {
  if (raised.kind === 'class' && caught.kind === 'class') return raised.cls === caught.cls || resolver.baseClasses(raised.cls).includes(caught.cls);
  return raised.kind === 'external' && caught.kind === 'external' && raised.qname === caught.qname;
}

/**
 * A function each iteration calls on its own: a function of this workspace or a
 * library, or a module's function (`aiofiles.os.stat(p)`). Not the loop variable
 * or anything reached from it or from a name bound in the body (hooks, handlers,
 * signals, an item's method), and not a method of one object every iteration
 * shares (`self.fetch(x)`, `conn.execute(q)`, `ws.send(frame)`): calls on one
 * object go through its state one after another. Batching (`asyncio.gather` per
 * iteration) and pacing (`asyncio.sleep`) are chosen orders.
 */
function isIndependentCall(call: PyNode, loopVars: Set<string>, ctx: PyRuleContext): boolean {
  const fnNode = unparen(child(call, 'function')!);
  const root = fnNode.type === 'identifier' ? fnNode : fnNode.type === 'attribute' ? rootIdentifier(fnNode) : undefined;
  if (!root || loopVars.has(root.text!)) return false;
  const name = externalName(ctx.resolver.resolve(fnNode, ctx.module));
  if (name === 'asyncio.sleep' || name !== undefined && BATCHING.has(name)) return false;
  if (!isFunctionOrModule(root, fnNode.type === 'identifier', ctx)) return false;
  // `await FutureLike(self._requester.get(s))`: the work is the inner call, on one object.
  const args = child(call, 'arguments');
  let shared = false;
  if (args) {
    walkOwn(args, (n) => {
      if (shared) return false;
      if (n.type === 'call' && callsSharedObject(n, loopVars, ctx)) shared = true;
    });
  }
  return !shared && !passesSharedReceiver(call, loopVars, ctx);
}

/**
 * `await create_enum(runner, column)`: a workspace function handed one object from
 * outside the loop (a parameter, `self.conn`) on which it awaits a method: the one
 * connection, session or cursor every iteration goes through in turn.
 */
function passesSharedReceiver(call: PyNode, loopVars: Set<string>, ctx: PyRuleContext): boolean {
  const callee = functionOfSym(ctx.resolver.resolve(unparen(child(call, 'function')!), ctx.module), ctx.resolver);
  if (!callee) return false;
  for (const { value, param } of boundArguments(call, callee)) {
    const root = value.type === 'attribute' ? rootIdentifier(value) : value.type === 'identifier' ? value : undefined;
    if (!root || loopVars.has(root.text!)) continue;
    if (value.type === 'attribute' && root.text !== 'self') continue;
    if (awaitsMethodOf(callee.body, param.name)) return true;
  }
  return false;
}

/**
 * Each argument of `call` with the parameter of `callee` it binds to: positional ones in
 * order (after `self`/`cls` when called as a method), keyword ones by name. Arguments
 * with no such parameter (`*args`, an unknown keyword) are left out.
 */
function boundArguments(call: PyNode, callee: PyFunction): { value: PyNode; param: PyFunction['params'][number] }[] {
  const args = child(call, 'arguments');
  if (!args) return [];
  const offset = callee.params[0] && ['self', 'cls'].includes(callee.params[0].name) && unparen(child(call, 'function')!).type === 'attribute' ? 1 : 0;
  const out: { value: PyNode; param: PyFunction['params'][number] }[] = [];
  let index = 0;
  for (const a of args.children) {
    if (a.type === 'comment') continue;
    const isKw = a.type === 'keyword_argument';
    const value = unparen(isKw ? child(a, 'value')! : a);
    const param = isKw ? callee.params.find((p) => p.name === child(a, 'name')?.text) : callee.params[index + offset];
    if (!isKw) index++;
    if (param) out.push({ value, param });
  }
  return out;
}

/** Whether a body awaits a method of the name: `await runner.execute(q)`. */
function awaitsMethodOf(body: PyNode, name: string): boolean {
  let yes = false;
  walkOwn(body, (n) => {
    if (yes) return false;
    if (n.type !== 'await') return;
    const v = n.children[0] && unparen(n.children[0]);
    const f = v?.type === 'call' ? unparen(child(v, 'function')!) : undefined;
    const obj = f?.type === 'attribute' ? unparen(child(f, 'object')!) : undefined;
    if (obj?.type === 'identifier' && obj.text === name) yes = true;
  });
  return yes;
}

/**
 * `await item.fetch()`, `await row.load(depth=2)`: a method called on the loop's own
 * item (a single name), each item doing its own work. Not when the call is handed
 * anything from outside the loop but constants: `trace.send_request_start(method, url)`,
 * `plugin.setup(app)` and `hook(self, request)` act on one shared object in turn
 * (extension points, hook lists), which is an order the code chose.
 */
function isItemMethodCall(call: PyNode, target: PyNode, loopVars: Set<string>, ctx: PyRuleContext): boolean {
  if (target.type !== 'identifier' || !isMethodOf(call, target.text!)) return false;
  return !handsSharedState(child(call, 'arguments'), loopVars, ctx, ctx.module);
}

/** `item.method(…)`: a method called on the name. */
function isMethodOf(call: PyNode, name: string): boolean {
  const fnNode = unparen(child(call, 'function')!);
  if (fnNode.type !== 'attribute') return false;
  const obj = unparen(child(fnNode, 'object')!);
  return obj.type === 'identifier' && obj.text === name;
}

/** The expression (a call's arguments) reads a name that is neither per-iteration nor a constant, module, class or function: one object's state. */
function handsSharedState(args: PyNode | undefined, ownNames: Set<string>, ctx: PyRuleContext, module: PyModule): boolean {
  let shared = false;
  if (args) {
    walkOwn({ ...args, children: [args] }, (n) => {
      if (shared) return false;
      if (n.type !== 'identifier' || n.field === 'attribute' || n.field === 'name' || ownNames.has(n.text!)) return;
      const sym = ctx.resolver.resolve(n, module);
      // Module-level names, modules, classes and functions are not one object's state.
      if (sym.kind === 'module' || sym.kind === 'class' || sym.kind === 'function' || sym.kind === 'external') return;
      const found = ctx.resolver.lookup(n.text!, ctx.resolver.scopeOf(n, module), module);
      // A module-level constant (`TIMEOUT = 5`) is not state; a module-level client or session is.
      if (found && !found.owner && found.bindings.length === 1 && found.bindings[0].kind === 'assign' &&
          CONSTANT_VALUES.has(unparen(found.bindings[0].value ?? found.bindings[0].node).type)) return;
      shared = true;
    });
  }
  return shared;
}

/**
 * `async def check(cmd): return await cmd.can_run(self.context)`, awaited in the loop as
 * `await check(cmd)`: a function of this workspace that hands the item it is given to
 * the item's own method together with shared state. That is the item's hook called
 * through a wrapper, the same as writing `await cmd.can_run(self.context)` in the loop
 * (see isItemMethodCall): each item acts on one shared object in turn.
 */
function wrapsItemHook(call: PyNode, loopVars: Set<string>, ctx: PyRuleContext): boolean {
  const fnNode = unparen(child(call, 'function')!);
  const callee = functionOfSym(ctx.resolver.resolve(fnNode, ctx.module), ctx.resolver);
  if (!callee || callee.isLambda) return false;
  const items: string[] = [];
  // The callee's parameters that hold something of this iteration or a constant; the others are handed shared state.
  const own = new Set(callee.params.map((p) => p.name));
  for (const { value, param } of boundArguments(call, callee)) {
    if (value.type === 'identifier' && loopVars.has(value.text!)) items.push(param.name);
    else if (handsSharedState(value, loopVars, ctx, ctx.module)) own.delete(param.name);
  }
  if (items.length === 0) return false;
  let hook = false;
  walkOwn(callee.body, (n) => {
    if (hook) return false;
    if (n.type !== 'await') return;
    const v = n.children[0] && unparen(n.children[0]);
    if (v?.type === 'call' && items.some((name) => isMethodOf(v, name)) && handsSharedState(child(v, 'arguments'), own, ctx, callee.module)) hook = true;
  });
  return hook;
}

/** A plain name that is a function or a class, or a chain's root that is a module or a class. */
function isFunctionOrModule(root: PyNode, plainCall: boolean, ctx: PyRuleContext): boolean {
  const sym = ctx.resolver.resolve(root, ctx.module);
  if (plainCall) return sym.kind === 'function' || sym.kind === 'external' || sym.kind === 'class';
  return sym.kind === 'module' || sym.kind === 'class' || sym.kind === 'external' && !sym.qname.startsWith('builtins.');
}

/** A method call on one object every iteration sees: `self.x(…)`, `conn.f(…)`; not on the item, a module or a class. */
function callsSharedObject(call: PyNode, loopVars: Set<string>, ctx: PyRuleContext): boolean {
  const fnNode = unparen(child(call, 'function')!);
  if (fnNode.type !== 'attribute') return false;
  let n = fnNode;
  while (n.type === 'attribute' || n.type === 'call' || n.type === 'subscript') n = unparen(child(n, n.type === 'attribute' ? 'object' : n.type === 'call' ? 'function' : 'value')!);
  if (n.type !== 'identifier') return false;
  if (loopVars.has(n.text!)) return false;
  const sym = ctx.resolver.resolve(n, ctx.module);
  return !(sym.kind === 'module' || sym.kind === 'class' || sym.kind === 'function' || sym.kind === 'external');
}

function rootIdentifier(attr: PyNode): PyNode | undefined {
  let n = attr;
  while (n.type === 'attribute') n = unparen(child(n, 'object')!);
  return n.type === 'identifier' ? n : undefined;
}

const ASYNC_LOCKS = new Set(['asyncio.Lock']);

/**
 * `async with self._lock: for name in names: …`: the loop runs while the function holds
 * an asyncio lock, which the code took so that this work never overlaps other work
 * of its kind. The order is the point; running the iterations together would defeat it.
 */
function underAsyncLock(loop: PyNode, fn: PyFunction, ctx: PyRuleContext): boolean {
  for (let n = loop.parent; n && n !== fn.body; n = n.parent) {
    if (n.type !== 'with_statement' || !n.isAsync) continue;
    for (const item of n.children.find((c) => c.type === 'with_clause')?.children ?? []) {
      let value = child(item, 'value');
      if (value?.type === 'as_pattern') value = value.children[0];
      if (!value) continue;
      const sym = ctx.resolver.resolve(unparen(value), ctx.module);
      if (sym.kind === 'instance' && 'external' in sym.type && ASYNC_LOCKS.has(sym.type.external)) return true;
    }
  }
  return false;
}

/** `reversed(xs)`, `xs[::-1]`: undoing in reverse order, as teardown does. */
function isReversedWalk(iter: PyNode, ctx: PyRuleContext): boolean {
  const it = unparen(iter);
  if (it.type === 'call') {
    const f = child(it, 'function');
    return !!f && externalName(ctx.resolver.resolve(f, ctx.module)) === 'builtins.reversed';
  }
  if (it.type === 'subscript') {
    const slice = it.children.find((c) => c.field === 'subscript');
    return slice?.type === 'slice' && /-\s*1\s*$/.test(ctx.module.text.slice(slice.start, slice.end));
  }
  return false;
}

/**
 * A `#` comment inside the loop, or on the lines just above it, saying the order
 * is intended ("sequential on purpose", "one at a time", "avoid concurrent queries").
 */
function saysOrderIsIntended(loop: PyNode, fn: PyFunction, module: PyModule): boolean {
  const text = module.text;
  const strings: [number, number][] = [];
  walkOwn({ ...loop, children: [loop] }, (n) => {
    if (n.type === 'string' || n.type === 'concatenated_string') {
      strings.push([n.start, n.end]);
      return false;
    }
  });
  const inString = (at: number) => strings.some(([s, e]) => at >= s && at < e);
  const comments: string[] = [];
  for (let i = text.indexOf('#', loop.start); i >= 0 && i < loop.end; i = text.indexOf('#', i + 1)) {
    if (inString(i)) continue;
    const eol = text.indexOf('\n', i);
    comments.push(text.slice(i, eol < 0 ? text.length : eol));
  }
  // Comment lines directly above the loop, down to the function's body.
  let lineStart = text.lastIndexOf('\n', loop.start - 1);
  while (lineStart > fn.body.start) {
    const prevStart = text.lastIndexOf('\n', lineStart - 1) + 1;
    const line = text.slice(prevStart, lineStart).trim();
    if (!line.startsWith('#')) break;
    comments.push(line);
    lineStart = prevStart - 1;
  }
  // Our own suppression's reason ("-- order matters here") is the suppression's business.
  return comments.some((c) => !c.includes('loopwise-disable') && ORDER_INTENDED.test(c));
}

/** `out.append(v)`, `seen.add(v)`, `out[k] = v` (a key from the item), `total += v`, on a name bound outside the loop. */
function collectingSinks(body: PyNode, loopVars: Set<string>, module: PyModule): Sink[] {
  const sinks: Sink[] = [];
  walkOwn(body, (n) => {
    if (n.type === 'call') {
      const f = child(n, 'function');
      const args = child(n, 'arguments');
      if (n.parent?.type !== 'expression_statement' || f?.type !== 'attribute' || !args || args.children.length !== 1) return;
      const method = child(f, 'attribute')?.text;
      const obj = unparen(child(f, 'object')!);
      if (method && COLLECTING_METHODS.has(method) && obj.type === 'identifier' && !loopVars.has(obj.text!) && args.children[0].type !== 'keyword_argument') {
        sinks.push({ node: n, value: args.children[0], target: obj.text! });
      }
    } else if (n.type === 'assignment') {
      const left = child(n, 'left');
      const right = child(n, 'right');
      if (left?.type !== 'subscript' || !right) return;
      const coll = unparen(child(left, 'value')!);
      const keys = left.children.filter((c) => c.field === 'subscript');
      const name = collectionName(coll, loopVars, module);
      if (name && keys.length === 1 && usesAny(keys[0], loopVars)) sinks.push({ node: n, value: right, target: name });
    } else if (n.type === 'augmented_assignment') {
      const left = child(n, 'left');
      const right = child(n, 'right');
      if (left?.type === 'identifier' && !loopVars.has(left.text!) && right && n.ops?.includes('+=')) sinks.push({ node: n, value: right, target: left.text! });
    }
  });
  return sinks;
}

const MUTATING_METHODS = new Set(['remove', 'discard', 'pop', 'popitem', 'popleft', 'clear', 'insert', 'sort', 'reverse']);

/**
 * `left.discard(name)`, `del pending[k]`, `queue.pop()` on a name from outside the
 * loop: the loop changes state other iterations (or the code after it) read.
 */
function mutatesOutsideCollection(body: PyNode, loopVars: Set<string>, sinks: Sink[]): boolean {
  let found = false;
  const outside = (n: PyNode | undefined) => {
    let m = n && unparen(n);
    while (m && (m.type === 'attribute' || m.type === 'subscript')) m = unparen(child(m, m.type === 'attribute' ? 'object' : 'value')!);
    return !!m && m.type === 'identifier' && !loopVars.has(m.text!);
  };
  walkOwn(body, (n) => {
    if (found) return false;
    if (n.type === 'call' && !sinks.some((s) => s.node === n)) {
      const f = child(n, 'function');
      if (f?.type === 'attribute' && MUTATING_METHODS.has(child(f, 'attribute')?.text ?? '') && outside(child(f, 'object'))) found = true;
    }
    if (n.type === 'delete_statement' && n.children.some((c) => outside(c.type === 'expression_list' ? c.children[0] : c))) found = true;
  });
  return found;
}

/**
 * The collection a sink fills, by name: a name bound outside the loop (`out`), or an
 * attribute of `self` (`self.cache`, one object's dict filled by key).
 */
function collectionName(coll: PyNode, loopVars: Set<string>, module: PyModule): string | undefined {
  if (coll.type === 'identifier') return loopVars.has(coll.text!) ? undefined : coll.text!;
  if (coll.type !== 'attribute') return undefined;
  const obj = unparen(child(coll, 'object')!);
  return obj.type === 'identifier' && obj.text === 'self' && !loopVars.has('self') ? textOf(module, coll) : undefined;
}

/** The loop reads the collection it fills outside the sink (`if k in seen: continue`, `f(x, len(out))`): it depends on earlier iterations. */
function readsBack(body: PyNode, sink: Sink, sinks: Sink[], module: PyModule): boolean {
  let reads = 0;
  walkOwn(body, (n) => {
    if (n.type === 'identifier' && n.text === sink.target && n.field !== 'attribute') reads++;
    // `self.cache[k] = …`: the attribute, named by its text.
    if (n.type === 'attribute' && sink.target.includes('.') && textOf(module, n) === sink.target) reads++;
  });
  // Each sink into the same collection names it once (`results.append(a)`, `results.append(b)`).
  return reads > sinks.filter((s) => s.target === sink.target).length;
}

/**
 * Whether the await's result reaches a sink: directly (`out.append(await f(x))`),
 * through names bound in the body (`r = await f(x); out[x] = r.data`), or as the
 * filter deciding what is collected (`if await exists(p): found.append(p)`,
 * `if not ok: continue`).
 */
function isCollected(a: PyNode, body: PyNode, sinks: Sink[]): boolean {
  const tainted = new Set<string>();
  const carries = (n: PyNode): boolean => {
    let yes = false;
    walkOwn({ ...n, children: [n] }, (m) => {
      if (yes) return false;
      if (m === a || m.type === 'identifier' && m.field !== 'attribute' && tainted.has(m.text!)) yes = true;
    });
    return yes;
  };
  // `aaaa = await resolve(host)`, and `for address in aaaa:` below it.
  walkOwn(body, (n) => {
    if (n.type !== 'assignment' && n.type !== 'for_statement') return;
    const right = child(n, 'right');
    if (right && carries(right)) for (const name of boundNames(child(n, 'left')!)) tainted.add(name);
  });
  for (const sink of sinks) {
    if (carries(sink.value)) return true;
    for (let n: PyNode | null = sink.node; n && n !== body; n = n.parent) {
      const p = n.parent;
      if (p && (p.type === 'if_statement' || p.type === 'elif_clause') && n.field !== 'condition') {
        const cond = child(p, 'condition');
        if (cond && carries(cond)) return true;
      }
    }
    for (const st of body.children) {
      if (st.start >= sink.node.start) break;
      if (st.type !== 'if_statement') continue;
      const cond = child(st, 'condition');
      const consequence = child(st, 'consequence');
      if (cond && consequence && carries(cond) && consequence.children.some((c) => c.type === 'continue_statement')) return true;
    }
  }
  return false;
}

function boundNames(target: PyNode): string[] {
  if (target.type === 'identifier') return [target.text!];
  if (['pattern_list', 'tuple_pattern', 'list_pattern', 'parenthesized_expression', 'tuple', 'list'].includes(target.type)) return target.children.flatMap(boundNames);
  return [];
}

/** An identifier that is (part of) an assignment's target. */
function isTarget(n: PyNode): boolean {
  for (let m: PyNode | null = n; m; m = m.parent) {
    if (m.field === 'left') return m.parent?.type === 'assignment' || m.parent?.type === 'augmented_assignment';
    if (!['identifier', 'pattern_list', 'tuple_pattern', 'list_pattern', 'parenthesized_expression'].includes(m.type)) return false;
  }
  return false;
}

function containsOwnAwait(node: PyNode): boolean {
  let yes = false;
  walkOwn(node, (n) => {
    if (n.type === 'await') yes = true;
    return !yes;
  });
  return yes;
}

function usesAny(node: PyNode, names: Set<string>): boolean {
  let yes = false;
  walkOwn({ ...node, children: [node] }, (n) => {
    if (n.type === 'identifier' && n.field !== 'attribute' && names.has(n.text!)) yes = true;
    return !yes;
  });
  return yes;
}

/**
 * `for x in xs: out.append(await f(x))` → `out.extend(await asyncio.gather(*(f(x) for x in xs)))`:
 * the results in the items' order. The call may only use the loop's own names, so
 * the generator expression can hold it; other shapes get no fix.
 */
function gatherFix(loop: PyNode, module: PyModule): Fix[] {
  const body = child(loop, 'body')!;
  if (body.children.length !== 1 || body.children[0].type !== 'expression_statement') return [];
  const stmt = body.children[0].children[0];
  if (stmt?.type !== 'call') return [];
  const f = child(stmt, 'function');
  const args = child(stmt, 'arguments');
  if (f?.type !== 'attribute' || child(f, 'attribute')?.text !== 'append' || args?.children.length !== 1 || args.children[0].type !== 'await') return [];
  const inner = unparen(args.children[0].children[0]);
  if (inner?.type !== 'call') return [];
  const iter = textOf(module, child(loop, 'right'));
  const target = textOf(module, child(loop, 'left'));
  const replacement = `${textOf(module, child(f, 'object'))}.extend(await asyncio.gather(*(${textOf(module, inner)} for ${target} in ${iter})))`;
  return [{
    title: 'Run the iterations concurrently with asyncio.gather',
    edits: [{ start: loop.start, end: loop.end, newText: replacement }, ...ensureAsyncioImport(module)],
    safe: false,
    preferred: true,
  }];
}
