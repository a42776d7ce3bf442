/** sequential-submit: the Python reading (the rule's header and meta are in index.ts). */
import { DASK_CLIENT, allCalls, delayedKind, enclosingLoop, instanceType, isDaskDelayedFunction, isDotRemoteCall, isWithin, keyword, positional, quote } from '../../lang/python/engines';
import type { PyModule } from '../../lang/python/model';
import type { PyResolver } from '../../lang/python/resolve';
import type { PyRuleContext } from '../../lang/python/rule-context';
import { child, type PyNode, unparen } from '../../lang/python/syntax';
import type { Rule } from '../types';

const EXECUTORS = new Set(['concurrent.futures.ThreadPoolExecutor', 'concurrent.futures.ProcessPoolExecutor', DASK_CLIENT]);
const POOLS = new Set(['multiprocessing.pool.Pool', 'multiprocessing.pool.ThreadPool']);

/** How each engine waits, and what to do instead. */
const ADVICE = {
  ray: 'Collect the refs in the loop and call ray.get(refs) once after it (or use ray.wait to handle them as they finish).',
  future: 'Submit every task in the loop, keep the futures, and read the results after it (client.gather(futures), concurrent.futures.as_completed or wait).',
  delayed: 'Build the delayed objects in the loop and compute them together after it: dask.compute(*parts).',
  apply: 'pool.apply blocks until its task is done; use pool.map / starmap, or apply_async and read the results after the loop.',
} as const;
type Kind = keyof typeof ADVICE;

/** What kind of submission `call` is, if it starts a task that a wait can follow. */
function submissionKind(call: PyNode, module: PyModule, resolver: PyResolver): Kind | undefined {
  if (call.type !== 'call') return undefined;
  if (isDotRemoteCall(call)) return 'ray';
  const fn = child(call, 'function')!;
  if (fn.type === 'attribute' && (child(fn, 'attribute')?.text === 'submit' || child(fn, 'attribute')?.text === 'apply_async')) {
    if (hasOneWorker(child(fn, 'object')!, module, resolver)) return undefined;
    const type = instanceType(child(fn, 'object')!, module, resolver);
    if (type && EXECUTORS.has(type) && child(fn, 'attribute')!.text === 'submit') return 'future';
    if (type && POOLS.has(type) && child(fn, 'attribute')!.text === 'apply_async') return 'future';
  }
  // delayed(f)(x), or a call of a @delayed function
  const inner = unparen(fn);
  if (inner.type === 'call' && delayedKind(child(inner, 'function')!, module, resolver) === 'dask') return 'delayed';
  const target = resolver.resolve(fn, module);
  if (target.kind === 'function' && isDaskDelayedFunction(target.fn, resolver)) return 'delayed';
  return undefined;
}

/** The expression a wait call waits on, and which kinds of submission it waits for. */
function waitedOn(call: PyNode, module: PyModule, resolver: PyResolver): { on: PyNode; kinds: Kind[]; label: string } | undefined {
  const fn = child(call, 'function');
  if (!fn) return undefined;
  const sym = resolver.resolve(fn, module);
  if (sym.kind === 'external' && sym.qname === 'ray.get') {
    const arg = positional(call)[0];
    return arg ? { on: unparen(arg), kinds: ['ray'], label: 'ray.get(...)' } : undefined;
  }
  if (fn.type === 'attribute') {
    const method = child(fn, 'attribute')?.text;
    const obj = unparen(child(fn, 'object')!);
    if (method === 'result') return { on: obj, kinds: ['future'], label: '.result()' };
    if (method === 'get') return { on: obj, kinds: ['future'], label: '.get()' };
    if (method === 'compute') return { on: obj, kinds: ['delayed'], label: '.compute()' };
  }
  return undefined;
}

/** A name bound once, in `loop`, before `at`, to a submission: its kind. */
function boundSubmission(name: PyNode, loop: PyNode, at: PyNode, module: PyModule, resolver: PyResolver): Kind | undefined {
  const found = resolver.lookup(name.text!, resolver.scopeOf(name, module), module);
  if (!found || found.bindings.length !== 1) return undefined;
  const b = found.bindings[0];
  if (b.kind !== 'assign' || !b.value || !isWithin(b.node, loop) || b.node.end > at.start) return undefined;
  return submissionKind(unparen(b.value), module, resolver);
}

export const pythonReading: Pick<Required<Rule>, 'checkPython'> = {
  checkPython(ctx: PyRuleContext): void {
    const { module, resolver } = ctx;
    for (const call of allCalls(module)) {
      const loop = enclosingLoop(call);
      if (!loop) continue;
      const fn = child(call, 'function');
      // pool.apply(f, args): submits and waits in one call.
      if (fn?.type === 'attribute' && child(fn, 'attribute')?.text === 'apply') {
        const type = instanceType(child(fn, 'object')!, module, resolver);
        if (type && POOLS.has(type) && !hasOneWorker(child(fn, 'object')!, module, resolver)) {
          ctx.report({
            start: call.start, end: call.end,
            message: `'${quote(module, call)}' waits for its task before the loop goes on: tasks run one at a time`,
            detail: `Pool.apply blocks until the worker returns, so in a loop or comprehension each task starts only after the previous one finished, and the pool's other workers stay idle. ${ADVICE.apply}`,
          });
        }
        continue;
      }
      const wait = waitedOn(call, module, resolver);
      if (!wait) continue;
      let kind = submissionKind(wait.on, module, resolver);
      if (!kind && wait.on.type === 'identifier') kind = boundSubmission(wait.on, loop.node, call, module, resolver);
      if (!kind || !wait.kinds.includes(kind)) continue;
      // `.get()` waits on an AsyncResult only; `.result()` on futures only.
      if (wait.label === '.get()' && !isApplyAsync(wait.on, module, resolver)) continue;
      if (wait.label === '.result()' && isApplyAsync(wait.on, module, resolver)) continue;
      ctx.report({
        start: call.start, end: call.end,
        message: `'${quote(module, call)}' waits for each task inside the loop: the tasks run one at a time`,
        detail: `The task is submitted and then waited for in the same iteration, so the next one is submitted only after it finished, and the engine adds its overhead to serial work. ${ADVICE[kind]}`,
      });
    }
  },
};

function isApplyAsync(on: PyNode, module: PyModule, resolver: PyResolver): boolean {
  let call: PyNode | undefined = on;
  if (on.type === 'identifier') {
    const found = resolver.lookup(on.text!, resolver.scopeOf(on, module), module);
    const b = found?.bindings.length === 1 ? found.bindings[0] : undefined;
    call = b?.kind === 'assign' && b.value ? unparen(b.value) : undefined;
  }
  const fn = call?.type === 'call' ? child(call, 'function') : undefined;
  return fn?.type === 'attribute' && child(fn, 'attribute')?.text === 'apply_async';
}

/** The worker-count parameter of each pool's constructor: its keyword, and its position. */
const WORKER_COUNT: Record<string, [string, number]> = {
  'concurrent.futures.ThreadPoolExecutor': ['max_workers', 0],
  'concurrent.futures.ProcessPoolExecutor': ['max_workers', 0],
  'multiprocessing.pool.Pool': ['processes', 0],
  'multiprocessing.pool.ThreadPool': ['processes', 0],
};

/**
 * `e = ProcessPoolExecutor(max_workers=1)`, `with Pool(1) as p`: a pool made with one
 * worker runs its tasks one at a time whatever the caller does, so waiting for each
 * in the loop costs nothing there (a one-worker pool is chosen for isolation or
 * ordering, not for parallelism). The receiver is a name bound only to such pools.
 */
function hasOneWorker(receiver: PyNode, module: PyModule, resolver: PyResolver): boolean {
  const type = instanceType(receiver, module, resolver);
  const param = type ? WORKER_COUNT[type] : undefined;
  const r = unparen(receiver);
  if (!param || r.type !== 'identifier') return false;
  const found = resolver.lookup(r.text!, resolver.scopeOf(r, module), module);
  if (!found || found.bindings.length === 0) return false;
  return found.bindings.every((b) => {
    const value = (b.kind === 'assign' || b.kind === 'with') && b.value ? unparen(b.value) : undefined;
    if (value?.type !== 'call') return false;
    const count = keyword(value, param[0]) ?? positional(value)[param[1]];
    return !!count && unparen(count).type === 'integer' && Number(module.text.slice(unparen(count).start, unparen(count).end)) === 1;
  });
}
