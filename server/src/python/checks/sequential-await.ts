/**
 * sequential-await, the Python reading: `await` inside a `for` loop whose
 * iterations are independent (no value carried from one to the next, no early
 * exit, no pacing with `asyncio.sleep`), so the awaits could run concurrently
 * with `asyncio.gather` or a `TaskGroup`.
 */
import type { Fix } from '../../rules/types';
import { textOf } from '../call-graph';
import type { PyRuleContext } from '../context';
import { ensureAsyncioImport } from '../fix-helpers';
import type { PyModule } from '../model';
import { externalName } from '../resolve';
import { child, type PyNode, unparen, walkOwn } from '../syntax';

export function checkSequentialAwaitPython(ctx: PyRuleContext): void {
  const { module } = ctx;
  for (const fn of module.functions) {
    if (!fn.isAsync) continue;
    walkOwn(fn.body, (n) => {
      if (n.type !== 'for_statement' || n.isAsync) return;
      const hit = independentAwait(n, ctx);
      if (!hit) return;
      const iter = child(n, 'right')!;
      const target = child(n, 'left')!;
      const call = child(hit, 'argument') ?? hit.children[0];
      const callText = textOf(module, call);
      ctx.report({
        start: hit.start,
        end: hit.end,
        message: `Each iteration waits for \`${callText}\` before the next starts, though the iterations do not depend on each other. Run them concurrently: \`await asyncio.gather(*(${callText} for ${textOf(module, target)} in ${textOf(module, iter)}))\` or an \`asyncio.TaskGroup\` (with a Semaphore to limit concurrency on long lists).`,
        fixes: gatherFix(n, module),
      });
    });
  }
}

/** The first `await` in an independent loop body that uses the loop variable, if the loop qualifies. */
function independentAwait(loop: PyNode, ctx: PyRuleContext): PyNode | undefined {
  const { module, resolver } = ctx;
  const body = child(loop, 'body');
  const target = child(loop, 'left');
  if (!body || !target || child(loop, 'alternative')) return undefined;
  const loopVars = new Set<string>();
  walkOwn({ ...target, children: [target] }, (n) => {
    if (n.type === 'identifier') loopVars.add(n.text!);
  });
  // Names bound in the body are per-iteration values too (`p = Preload(x); await p.start()`).
  const bodyNames = new Set<string>();
  walkOwn(body, (n) => {
    if (n.type === 'assignment') for (const name of boundNames(child(n, 'left')!)) bodyNames.add(name);
  });
  for (const name of bodyNames) loopVars.add(name);
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
  // A name read before it is (re)assigned later in the body carries a value across iterations.
  for (const w of writes) {
    if (w.at === -1) return undefined;
    if (reads.some((r) => r.name === w.name && r.at < w.at)) return undefined;
  }
  return first;
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
    title: 'Run the iterations concurrently with `asyncio.gather`',
    edits: [{ start: loop.start, end: loop.end, newText: replacement }, ...ensureAsyncioImport(module)],
    safe: false,
    preferred: true,
  }];
}
