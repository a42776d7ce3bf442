/**
 * sequential-await, the Python reading: `await` inside a `for` loop whose
 * iterations are independent (no value carried from one to the next, no early
 * exit, no pacing with `asyncio.sleep`, no object that several iterations act on),
 * so the awaits could run concurrently with `asyncio.gather` or a `TaskGroup`.
 */
import type { Fix } from '../../core/finding';
import { textOf } from '../../lang/python/call-graph';
import type { PyRuleContext } from '../../lang/python/rule-context';
import { ensureAsyncioImport } from '../../lang/python/fix-helpers';
import type { PyClass, PyFunction, PyModule } from '../../lang/python/model';
import { externalName } from '../../lang/python/resolve';
import { child, type PyNode, unparen, walkOwn } from '../../lang/python/syntax';

export function checkSequentialAwaitPython(ctx: PyRuleContext): void {
  const { module } = ctx;
  for (const fn of module.functions) {
    if (!fn.isAsync) continue;
    walkOwn(fn.body, (n) => {
      if (n.type !== 'for_statement' || n.isAsync) return;
      const hit = independentAwait(n, fn, ctx);
      if (!hit) return;
      const iter = child(n, 'right')!;
      const target = child(n, 'left')!;
      const call = child(hit, 'argument') ?? hit.children[0];
      const callText = textOf(module, call);
      ctx.report({
        start: hit.start,
        end: hit.end,
        message: `Each iteration waits for '${callText}' before the next starts, though the iterations do not depend on each other. Run them concurrently: 'await asyncio.gather(*(${callText} for ${textOf(module, target)} in ${textOf(module, iter)}))' or an 'asyncio.TaskGroup' (with a Semaphore to limit concurrency on long lists).`,
        fixes: gatherFix(n, module),
      });
    });
  }
}

/** The first `await` in an independent loop body that uses the loop variable, if the loop qualifies. */
function independentAwait(loop: PyNode, fn: PyFunction, ctx: PyRuleContext): PyNode | undefined {
  const { module, resolver } = ctx;
  const body = child(loop, 'body');
  const target = child(loop, 'left');
  const iter = child(loop, 'right');
  if (!body || !target || !iter || child(loop, 'alternative')) return undefined;
  const targetVars = new Set<string>();
  walkOwn({ ...target, children: [target] }, (n) => {
    if (n.type === 'identifier') targetVars.add(n.text!);
  });
  const loopVars = new Set(targetVars);
  // Names bound in the body are per-iteration values too (`p = Preload(x); await p.start()`).
  const bodyNames = new Set<string>();
  const bodyValues = new Map<string, PyNode[]>();
  walkOwn(body, (n) => {
    if (n.type !== 'assignment') return;
    const left = child(n, 'left')!;
    for (const name of boundNames(left)) bodyNames.add(name);
    const right = child(n, 'right');
    if (left.type === 'identifier' && right) bodyValues.set(left.text!, [...(bodyValues.get(left.text!) ?? []), right]);
  });
  for (const name of bodyNames) loopVars.add(name);
  const self = selfName(fn);
  const ownerHeld = self !== undefined && elementsHoldOwner(iter, self, fn, ctx);
  const caseTable = isCaseTable(iter);
  const stepsPerObject = new Map<string, number>();
  let disqualified = false;
  let first: PyNode | undefined;
  const reads: { name: string; at: number }[] = [];
  const writes: { name: string; at: number }[] = [];
  walkOwn(body, (n) => {
    switch (n.type) {
      case 'break_statement':
      case 'return_statement':
      case 'yield':
      case 'raise_statement':
        disqualified = true;
        return false;
      case 'for_statement':
      case 'while_statement':
        // An inner loop: its own awaits are judged with it.
        if (containsOwnAwait(n)) disqualified = true;
        return false;
      case 'with_statement':
        if (n.isAsync) disqualified = true; // async with a lock, a semaphore, a transaction: ordering is the point
        return;
      case 'await': {
        const value = n.children[0] ? unparen(n.children[0]) : undefined;
        if (!value || value.type !== 'call') {
          disqualified = true;
          return false;
        }
        const fnNode = child(value, 'function')!;
        const name = externalName(resolver.resolve(fnNode, module));
        if (name === 'asyncio.sleep') disqualified = true;
        // A method of one shared object (`ws.send(frame)`, `event.set()`, `self.x(...)`)
        // changes that object's state step by step: the order is the point.
        const receiver = fnNode.type === 'attribute' ? rootName(fnNode) : undefined;
        if (receiver !== undefined && !loopVars.has(receiver) && !bodyNames.has(receiver)) {
          disqualified = true;
          return false;
        }
        // `s = shards[i % n]; await s.add(x)`: a per-iteration name, but several
        // iterations can pick the same object, so it is one shared object again.
        if (fnNode.type === 'attribute' && receiverRepeats(child(fnNode, 'object')!, targetVars, loopVars, bodyValues)) {
          disqualified = true;
          return false;
        }
        // A hook on the loop's owner (see `elementsHoldOwner`): run for its effect on
        // that one object, in the order the hooks were registered.
        const discarded = n.parent?.type === 'expression_statement';
        if (discarded && receiver !== undefined && loopVars.has(receiver) && (ownerHeld || passesName(value, self))) {
          disqualified = true;
          return false;
        }
        if (receiver !== undefined && loopVars.has(receiver)) stepsPerObject.set(receiver, (stepsPerObject.get(receiver) ?? 0) + 1);
        if (!first && usesAny(value, loopVars)) first = n;
        return;
      }
      case 'augmented_assignment': {
        const left = child(n, 'left');
        if (left?.type === 'identifier') writes.push({ name: left.text!, at: -1 });
        return;
      }
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
  if (disqualified || !first) return undefined;
  // A handful of literal cases, each put through a sequence of calls on its own
  // object (`Event(name)`: set, clear, is_set): a table-driven check, not a batch
  // of work. Its steps check one another, and objects built from equal-looking
  // keys (`("a", 1)`, `["a", 1]`) may share state underneath, so interleaving the
  // cases would test something else; with a fixed few iterations there is little to win.
  if (caseTable && [...stepsPerObject.values()].some((k) => k >= 2)) return undefined;
  // A name read before it is (re)assigned later in the body carries a value across iterations.
  for (const w of writes) {
    if (w.at === -1) return undefined;
    if (reads.some((r) => r.name === w.name && r.at < w.at)) return undefined;
  }
  return first;
}

/** The first parameter of a method (`self`), unless it is a static method. */
function selfName(fn: PyFunction): string | undefined {
  if (!fn.cls || fn.params.length === 0 || fn.params[0].kind !== 'positional') return undefined;
  if (fn.decorators.some((d) => /^@\s*(?:staticmethod|classmethod)\b/.test(fn.module.text.slice(d.start, d.end)))) return undefined;
  return fn.params[0].name;
}

/**
 * Whether the loop walks a collection the enclosing object keeps (`self.preloads`,
 * `self.plugins.values()`) whose elements were made with the object itself as an
 * argument (`self.preloads = load_preloads(self, names)`). Each element then holds
 * its owner, and a call on it acts on the owner: setup and teardown hooks that run
 * in the order they were registered, each seeing what the previous one did.
 */
function elementsHoldOwner(iter: PyNode, self: string, fn: PyFunction, ctx: PyRuleContext): boolean {
  let it = unparen(iter);
  // `list(self.x)`, `reversed(self.x)`: the same elements.
  if (it.type === 'call' && child(it, 'function')?.type === 'identifier') {
    const args = child(it, 'arguments');
    const name = externalName(ctx.resolver.resolve(child(it, 'function')!, ctx.module));
    if (name?.startsWith('builtins.') && args?.children.length === 1 && args.children[0].type !== 'keyword_argument') it = unparen(args.children[0]);
  }
  // `self.x.values()`, `self.x.items()`: a view of the same collection.
  if (it.type === 'call' && child(it, 'function')?.type === 'attribute' && child(it, 'arguments')?.children.length === 0) {
    it = unparen(child(child(it, 'function')!, 'object')!);
  }
  if (it.type !== 'attribute') return false;
  const obj = child(it, 'object');
  const attr = child(it, 'attribute')?.text;
  if (obj?.type !== 'identifier' || obj.text !== self || !attr || !fn.cls) return false;
  const classes: PyClass[] = [fn.cls];
  for (let i = 0; i < classes.length && i < 16; i++) {
    for (const base of ctx.resolver.baseClasses(classes[i])) if (!classes.includes(base)) classes.push(base);
  }
  return classes.some((cls) => (cls.attributes.get(attr) ?? []).some((v) => {
    const owner = v.fn && selfName(v.fn);
    return owner !== undefined && passesName(v.value, owner);
  }));
}

/** Whether some call in `node` (comprehensions included) takes the plain name `name` as an argument. */
function passesName(node: PyNode, name: string | undefined): boolean {
  if (name === undefined) return false;
  let yes = false;
  walkOwn({ ...node, children: [node] }, (n) => {
    if (yes) return false;
    if (n.type !== 'argument_list') return;
    for (const a of n.children) {
      const v = a.type === 'keyword_argument' ? child(a, 'value') : a;
      if (v?.type === 'identifier' && v.text === name) yes = true;
    }
  });
  return yes;
}

/**
 * Whether a method's receiver can be the same object on several iterations: an
 * element looked up in a collection the loop does not walk, by a key that is not
 * the loop variable itself (`shards[i % n]`, `workers[task.worker]`).
 */
function receiverRepeats(recv: PyNode, targetVars: Set<string>, loopVars: Set<string>, bodyValues: Map<string, PyNode[]>): boolean {
  let n = unparen(recv);
  while (n.type === 'attribute') n = unparen(child(n, 'object')!);
  const values = n.type === 'identifier' ? (bodyValues.get(n.text!) ?? []).map(unparen) : [n];
  return values.some((v) => {
    if (v.type !== 'subscript') return false;
    const coll = child(v, 'value');
    const keys = v.children.filter((c) => c.field === 'subscript');
    if (!coll || keys.length !== 1 || usesAny(coll, loopVars)) return false;
    const key = unparen(keys[0]);
    return !(key.type === 'identifier' && targetVars.has(key.text!));
  });
}

const CONSTANT_LEAVES = new Set(['string', 'concatenated_string', 'integer', 'float', 'true', 'false', 'none']);

/** A list, tuple or set literal of literal constants: `[1, ("a", 1), b"123"]`. */
function isCaseTable(iter: PyNode): boolean {
  const it = unparen(iter);
  if (!['list', 'tuple', 'set'].includes(it.type) || it.children.length === 0) return false;
  const constant = (n: PyNode): boolean => {
    const u = unparen(n);
    if (CONSTANT_LEAVES.has(u.type)) return true;
    if (u.type === 'unary_operator') return u.children.length === 1 && (u.children[0].type === 'integer' || u.children[0].type === 'float');
    return (u.type === 'tuple' || u.type === 'list') && u.children.every(constant);
  };
  return it.children.every(constant);
}

/** `a` in `a.b.c(...)`; undefined when the chain starts with a call or a subscript. */
function rootName(attr: PyNode): string | undefined {
  let n = attr;
  while (n.type === 'attribute') n = child(n, 'object')!;
  return n.type === 'identifier' ? n.text : undefined;
}

function boundNames(target: PyNode): string[] {
  if (target.type === 'identifier') return [target.text!];
  if (['pattern_list', 'tuple_pattern', 'list_pattern', 'parenthesized_expression'].includes(target.type)) return target.children.flatMap(boundNames);
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
 * The two simple shapes: `for x in xs: await f(x)` and
 * `for x in xs: out.append(await f(x))`.
 */
function gatherFix(loop: PyNode, module: PyModule): Fix[] {
  const body = child(loop, 'body')!;
  if (body.children.length !== 1 || body.children[0].type !== 'expression_statement') return [];
  const stmt = body.children[0].children[0];
  const iter = textOf(module, child(loop, 'right'));
  const target = textOf(module, child(loop, 'left'));
  let replacement: string | undefined;
  if (stmt?.type === 'await' && stmt.children[0]?.type === 'call') {
    replacement = `await asyncio.gather(*(${textOf(module, stmt.children[0])} for ${target} in ${iter}))`;
  } else if (stmt?.type === 'call') {
    const f = child(stmt, 'function');
    const args = child(stmt, 'arguments');
    if (f?.type === 'attribute' && child(f, 'attribute')?.text === 'append' && args?.children.length === 1 && args.children[0].type === 'await') {
      const inner = args.children[0].children[0];
      if (inner?.type === 'call') {
        replacement = `${textOf(module, child(f, 'object'))}.extend(await asyncio.gather(*(${textOf(module, inner)} for ${target} in ${iter})))`;
      }
    }
  }
  if (!replacement) return [];
  return [{
    title: 'Run the iterations concurrently with asyncio.gather',
    edits: [{ start: loop.start, end: loop.end, newText: replacement }, ...ensureAsyncioImport(module)],
    safe: false,
    preferred: true,
  }];
}
