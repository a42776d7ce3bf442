/** pool-in-loop: the Python reading (the rule's header and meta are in index.ts). */
import { DASK_CLIENT, DASK_CLUSTER, allCalls, enclosingLoop, identifiersIn, isRayRemoteFunction, isRayRemoteWrap, namesAssignedIn, quote, type EnclosingLoop } from '../../lang/python/engines';
import type { PyRuleContext } from '../../lang/python/rule-context';
import { child, type PyNode, SCOPE_TYPES } from '../../lang/python/syntax';
import type { Rule } from '../types';

/** What each engine is, for the message, and how to make it once. */
const ENGINES: Record<string, { what: string; fix: string }> = {
  'concurrent.futures.ProcessPoolExecutor': { what: 'process pool', fix: 'Create the executor once, before the loop (with ProcessPoolExecutor(...) as ex:), and submit to it inside.' },
  'concurrent.futures.ThreadPoolExecutor': { what: 'thread pool', fix: 'Create the executor once, before the loop (with ThreadPoolExecutor(...) as ex:), and submit to it inside.' },
  'multiprocessing.pool.Pool': { what: 'process pool', fix: 'Create the pool once, before the loop (with Pool(...) as pool:), and map over it inside.' },
  'multiprocessing.pool.ThreadPool': { what: 'thread pool', fix: 'Create the pool once, before the loop (with ThreadPool(...) as pool:), and map over it inside.' },
  'joblib.Parallel': { what: 'joblib Parallel', fix: 'Open it once around the loop, with Parallel(...) as parallel:, and call parallel(...) inside: the workers are kept between calls.' },
  [DASK_CLIENT]: { what: 'Dask client', fix: 'Create the Client once, before the loop, and submit to it inside.' },
  [DASK_CLUSTER]: { what: 'Dask cluster', fix: 'Start the LocalCluster once, before the loop, and reuse it.' },
};

/** Whether the loop can leave after its first pass (a retry loop that breaks or returns on success). */
function breaks(loop: PyNode): boolean {
  const stack = [...loop.children.filter((c) => c.field === 'body')];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'break_statement' || n.type === 'return_statement') return true;
    // A break in a nested loop leaves that loop, not this one.
    if (SCOPE_TYPES.has(n.type) || n.type === 'for_statement' || n.type === 'while_statement') continue;
    for (const c of n.children) stack.push(c);
  }
  return false;
}

/** The per-iteration names (loop targets and names assigned in the body) that `node` reads. */
function dependsOnIteration(node: PyNode, loop: EnclosingLoop): boolean {
  const changing = new Set([...loop.targets, ...(loop.node.type === 'for_statement' || loop.node.type === 'while_statement' ? namesAssignedIn(loop.node) : [])]);
  const args = child(node, 'arguments');
  if (!args) return false;
  for (const name of identifiersIn(args)) if (changing.has(name)) return true;
  return false;
}

/** Whether an `if` between `node` and the loop tests a per-iteration name. */
function chosenPerIteration(node: PyNode, loop: EnclosingLoop): boolean {
  const changing = new Set([...loop.targets, ...(loop.node.type === 'for_statement' || loop.node.type === 'while_statement' ? namesAssignedIn(loop.node) : [])]);
  for (let n = node.parent; n && n !== loop.node; n = n.parent) {
    if (n.type !== 'if_statement' && n.type !== 'conditional_expression') continue;
    const tests = n.type === 'if_statement'
      ? [child(n, 'condition'), ...n.children.filter((c) => c.type === 'elif_clause').map((c) => child(c, 'condition'))]
      : [n.children[1]];
    for (const t of tests) if (t && [...identifiersIn(t)].some((name) => changing.has(name))) return true;
  }
  return false;
}

export const pythonReading: Pick<Required<Rule>, 'checkPython'> = {
  checkPython(ctx: PyRuleContext): void {
    const { module, resolver } = ctx;
    for (const call of allCalls(module)) {
      const loop = enclosingLoop(call);
      if (!loop || breaks(loop.node)) continue;
      const fn = child(call, 'function');
      if (!fn) continue;
      if (isRayRemoteWrap(call, module, resolver)) {
        ctx.report({
          start: call.start, end: call.end,
          message: `'${quote(module, call)}' makes a new Ray remote function on every iteration`,
          detail: 'ray.remote pickles the function and uploads it to the cluster each time it is called, so every iteration pays that again. Wrap the function once, outside the loop (or decorate it with @ray.remote), and call .remote(...) inside.',
        });
        continue;
      }
      const sym = resolver.resolve(fn, module);
      if (sym.kind !== 'external') continue;
      const engine = ENGINES[sym.qname];
      if (!engine) continue;
      // `for n in (1, 2, 4): with Pool(n) ...`: a different pool each time, on purpose (a benchmark).
      if (dependsOnIteration(call, loop)) continue;
      // `if session == 0: Parallel(...)`: made in one iteration, not in every one.
      if (chosenPerIteration(call, loop)) continue;
      ctx.report({
        start: call.start, end: call.end,
        message: `A new ${engine.what} '${quote(module, call)}' is created on every iteration of this loop`,
        detail: `Starting workers is the expensive part of a pool: each iteration starts (and tears down) a fresh set, which can cost more than the work it runs. ${engine.fix}`,
      });
    }
    // `@ray.remote def f` inside a loop body.
    for (const fn of module.functions) {
      if (fn.isLambda || !isRayRemoteFunction(fn, resolver)) continue;
      const def = fn.node.parent?.type === 'decorated_definition' ? fn.node.parent : fn.node;
      const loop = enclosingLoop(def);
      if (!loop || breaks(loop.node)) continue;
      // The `ray.remote` of the decorator (its expression, without the `@`).
      const at = fn.decorators.map((d) => d.children[0]).find((e) => e) ?? fn.node;
      ctx.report({
        start: at.start, end: at.end,
        message: `'${fn.name}' is made a Ray remote function again on every iteration of this loop`,
        detail: '@ray.remote pickles the function and uploads it to the cluster each time the definition runs, so every iteration pays that again. Define the remote function once, at module level or before the loop, and call .remote(...) inside.',
      });
    }
  },
};
