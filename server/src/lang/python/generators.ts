/**
 * Calling a generator function runs none of its body: it returns a generator,
 * and the body runs, a step at a time, wherever that generator is iterated. So
 * the blocking or heavy work in a generator happens at a call only when the
 * caller iterates the result there (`for chunk in read_chunks(p)`, `list(...)`),
 * not when it hands it on (`return StreamingResponse(read_chunks(p))`,
 * `run_in_executor(None, list, read_chunks(p))`).
 */
import type { PyFunction, PyModule } from './model';
import { externalName, type PyResolver } from './resolve';
import { child, type PyNode, walkOwn } from './syntax';

const generators = new WeakMap<PyFunction, boolean>();

/** Whether `fn` is a generator function: its own body yields. */
export function isGenerator(fn: PyFunction): boolean {
  let yes = generators.get(fn);
  if (yes === undefined) {
    yes = false;
    walkOwn(fn.body, (n) => {
      if (n.type === 'yield') yes = true;
      return !yes;
    });
    generators.set(fn, yes);
  }
  return yes;
}

/** Builtins that iterate their first argument to the end (or, for `next`, a step) before they return. */
const CONSUMERS = /^builtins\.(?:list|tuple|set|frozenset|dict|sorted|sum|min|max|any|all|next|bytes|bytearray)$/;

/**
 * Whether the generator `call` makes is iterated in the function that makes it:
 * directly, or through a local name it is assigned to (`content = gen(); for c in content`).
 */
export function iteratedWhereMade(call: PyNode, module: PyModule, resolver: PyResolver): boolean {
  if (iteratedHere(call, module, resolver)) return true;
  const n = outerParens(call);
  const assignment = n.parent;
  const name = assignment?.type === 'assignment' && n.field === 'right' ? child(assignment, 'left') : undefined;
  if (name?.type !== 'identifier') return false;
  const scope = resolver.scopeOf(call, module);
  let yes = false;
  walkOwn(scope ? scope.body : module.root, (m) => {
    if (m.type === 'identifier' && m !== name && m.text === name.text && iteratedHere(m, module, resolver)) yes = true;
    return !yes;
  });
  return yes;
}

/** `for x in expr`, `[… for x in expr]`, `yield from expr`, `list(expr)` and other consumers, `"".join(expr)`. */
function iteratedHere(expr: PyNode, module: PyModule, resolver: PyResolver): boolean {
  const n = outerParens(expr);
  const p = n.parent;
  if (!p) return false;
  if ((p.type === 'for_statement' || p.type === 'for_in_clause') && n.field === 'right') return true;
  if (p.type === 'yield') return /^yield\s+from\b/.test(module.text.slice(p.start, n.start));
  if (p.type !== 'argument_list' || p.children[0] !== n || p.parent?.type !== 'call') return false;
  const callee = child(p.parent, 'function')!;
  if (callee.type === 'attribute' && child(callee, 'attribute')?.text === 'join' && child(callee, 'object')?.type === 'string') return true;
  return CONSUMERS.test(externalName(resolver.resolve(callee, module)) ?? '');
}

function outerParens(node: PyNode): PyNode {
  let n = node;
  while (n.parent?.type === 'parenthesized_expression') n = n.parent;
  return n;
}
