/** eager-delayed-call: the Python reading (the rule's header and meta are in index.ts). */
import { allCalls, delayedKind, positional, quote, textOf } from '../../lang/python/engines';
import type { PyModule } from '../../lang/python/model';
import type { PyResolver } from '../../lang/python/resolve';
import type { PyRuleContext } from '../../lang/python/rule-context';
import { child, dottedName, type PyNode, unparen } from '../../lang/python/syntax';
import type { Fix } from '../../core/finding';
import type { Rule } from '../types';

/** Calls that return a callable: `delayed(partial(f, a))` wraps a function, which is right. */
const CALLABLE_FACTORIES = new Set(['functools.partial', 'operator.itemgetter', 'operator.attrgetter', 'operator.methodcaller']);

const BUILTIN_TYPES = new Set(['object', 'list', 'dict', 'set', 'frozenset', 'tuple', 'int', 'float', 'str', 'bytes', 'bytearray', 'bool', 'range'].map((t) => `builtins.${t}`));

export const pythonReading: Pick<Required<Rule>, 'checkPython'> = {
  checkPython(ctx: PyRuleContext): void {
    const { module, resolver } = ctx;
    for (const call of allCalls(module)) {
      const callee = child(call, 'function');
      if (!callee) continue;
      const engine = delayedKind(callee, module, resolver);
      if (!engine) continue;
      const args = positional(call);
      if (args.length !== 1) continue;
      const inner = unparen(args[0]);
      if (inner.type !== 'call') continue;
      // `delayed(make_task(cfg))(x)`: the inner call returns the function to delay.
      if (call.parent?.type === 'call' && call.field === 'function') continue;
      const innerFn = child(inner, 'function')!;
      const innerSym = resolver.resolve(innerFn, module);
      if (innerSym.kind === 'external' && CALLABLE_FACTORIES.has(innerSym.qname)) continue;
      // `delayed(object())`, `delayed(MyData(...))`: building a value to wrap, not work to defer.
      if (innerSym.kind === 'class' || (innerSym.kind === 'external' && BUILTIN_TYPES.has(innerSym.qname))) continue;
      // `delayed(np.array([1], dtype="f8"))`: a constant value built to be wrapped; no input to parallelise over.
      if (argsAllLiteral(inner)) continue;
      const name = quote(module, innerFn, 30);
      const engineName = engine === 'dask' ? 'dask.delayed' : 'joblib.delayed';
      ctx.report({
        start: call.start, end: call.end,
        message: `'${name}' runs now, not as a ${engineName} task: write 'delayed(${name})(...)'`,
        detail: engine === 'dask'
          ? `Python evaluates the argument before delayed sees it, so '${textOf(module, inner).split('\n')[0]}' runs now, in this process, one call after another; Dask only wraps the finished value. Pass the function and call the delayed wrapper: delayed(f)(x) makes a task that runs when the graph is computed, in parallel with the others.`
          : `Python evaluates the argument before delayed sees it, so '${textOf(module, inner).split('\n')[0]}' runs now, serially, and Parallel receives its result instead of a task (it fails, or does nothing in parallel). Pass the function and call the wrapper: delayed(f)(x).`,
        fixes: lazyFix(module, call, inner, resolver),
      });
    }
  },
};

/**
 * `delayed(f(a, b), pure=True)` → `delayed(f, pure=True)(a, b)`. Offered when `f` is
 * a plain (dotted) name, so moving it evaluates nothing new: the same expressions
 * are evaluated, in the same order, and only the call of `f` moves into the task.
 */
function lazyFix(module: PyModule, call: PyNode, inner: PyNode, resolver: PyResolver): Fix[] {
  void resolver;
  const innerFn = child(inner, 'function')!;
  const innerArgs = child(inner, 'arguments');
  if (!dottedName(innerFn) || innerArgs?.type !== 'argument_list') return [];
  const outerArgs = child(call, 'arguments')!;
  const rest = outerArgs.children.filter((a) => a.type === 'keyword_argument').map((a) => textOf(module, a));
  const callee = textOf(module, child(call, 'function')!);
  const newText = `${callee}(${[textOf(module, innerFn), ...rest].join(', ')})${textOf(module, innerArgs)}`;
  return [{ title: `Delay the call: '${callee}(${textOf(module, innerFn)})(...)'`, edits: [{ start: call.start, end: call.end, newText }], safe: true, preferred: true }];
}

const LITERALS = new Set(['integer', 'float', 'string', 'true', 'false', 'none', 'concatenated_string']);

function isLiteral(node: PyNode): boolean {
  const n = unparen(node);
  if (LITERALS.has(n.type)) return true;
  if (n.type === 'unary_operator') return n.children.every(isLiteral);
  if (n.type === 'list' || n.type === 'tuple' || n.type === 'set') return n.children.every(isLiteral);
  if (n.type === 'dictionary') return n.children.every((p) => p.type === 'pair' && p.children.every(isLiteral));
  if (n.type === 'keyword_argument') { const v = child(n, 'value'); return !!v && isLiteral(v); }
  return false;
}

/** Every argument of the call is a literal (or there are none). */
function argsAllLiteral(call: PyNode): boolean {
  const args = child(call, 'arguments');
  return !!args && args.type === 'argument_list' && args.children.every(isLiteral);
}
