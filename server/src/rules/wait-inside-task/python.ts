/** wait-inside-task: the Python reading (the rule's header and meta are in index.ts). */
import { delayedKind, isDaskDelayedFunction, isRayRemoteFunction, lineOf, positional, quote } from '../../lang/python/engines';
import type { PyFunction, PyModule } from '../../lang/python/model';
import type { PyResolver } from '../../lang/python/resolve';
import type { PyRuleContext } from '../../lang/python/rule-context';
import { child, type PyNode, unparen, walkOwn } from '../../lang/python/syntax';
import { describeCallable, findSubmissions } from '../../lang/python/tasks';
import type { Rule } from '../types';

const BOUNDED = new Set(['concurrent.futures.ThreadPoolExecutor', 'concurrent.futures.ProcessPoolExecutor', 'multiprocessing.pool.ThreadPool', 'multiprocessing.pool.Pool']);

function callsIn(fn: PyFunction): PyNode[] {
  const out: PyNode[] = [];
  walkOwn(fn.body, (n) => { if (n.type === 'call') out.push(n); });
  return out;
}

/** Whether `name`, read in `fn`, is one of `fn`'s own parameters. */
function isOwnParam(name: string, fn: PyFunction): boolean {
  return fn.params.some((p) => p.name === name);
}

/** An expression made from Dask: `dask.*`, `dd.read_csv(...)...`, a delayed function's call, or a name bound to one. */
function fromDask(node: PyNode, module: PyModule, resolver: PyResolver, depth = 0): boolean {
  if (depth > 6) return false;
  let n = unparen(node);
  while (n.type === 'call' || n.type === 'attribute' || n.type === 'subscript') {
    if (n.type === 'call') {
      const f = child(n, 'function')!;
      const sym = resolver.resolve(f, module);
      if (sym.kind === 'function' && isDaskDelayedFunction(sym.fn, resolver)) return true;
      n = unparen(f);
    } else if (n.type === 'attribute') n = unparen(child(n, 'object')!);
    else n = unparen(child(n, 'value')!);
  }
  if (n.type !== 'identifier') return false;
  const sym = resolver.resolve(n, module);
  if (sym.kind === 'external') return sym.qname === 'dask' || sym.qname.startsWith('dask.');
  const found = resolver.lookup(n.text!, resolver.scopeOf(n, module), module);
  const b = found?.bindings.length === 1 ? found.bindings[0] : undefined;
  return b?.kind === 'assign' && !!b.value && fromDask(b.value, module, resolver, depth + 1);
}

export const pythonReading: Pick<Required<Rule>, 'checkPython'> = {
  checkPython(ctx: PyRuleContext): void {
    const { module, resolver } = ctx;
    const reported = new Set<PyNode>();
    const report = (call: PyNode, message: string, detail: string) => {
      if (reported.has(call)) return;
      reported.add(call);
      ctx.report({ start: call.start, end: call.end, message, detail });
    };

    // Functions that run as Dask tasks: @delayed, or wrapped by delayed(f) somewhere in the module.
    const delayedFns = new Set<PyFunction>();
    walkAllCalls(module, (call) => {
      const f = child(call, 'function');
      if (!f || delayedKind(f, module, resolver) !== 'dask') return;
      const target = positional(call)[0];
      const sym = target ? resolver.resolve(target, module) : undefined;
      if (sym?.kind === 'function' && !sym.bound) delayedFns.add(sym.fn);
    });

    for (const fn of module.functions) {
      if (fn.isLambda) continue;
      if (isRayRemoteFunction(fn, resolver)) {
        for (const call of callsIn(fn)) {
          const sym = resolver.resolve(child(call, 'function')!, module);
          if (sym.kind !== 'external' || sym.qname !== 'ray.get') continue;
          const arg = positional(call)[0];
          if (!arg) continue;
          const params = [...namesOutsideCalls(arg)].filter((name) => isOwnParam(name, fn) && resolver.lookup(name, fn, module)?.owner === fn);
          if (params.length === 0) continue;
          report(call, `'${quote(module, call)}' blocks remote task '${fn.name}' on refs it was handed`,
            `A task that calls ray.get waits inside a worker for other tasks, holding its slot, and the refs '${params.join("', '")}' are fetched one call at a time. Pass the refs as direct arguments of .remote(...) instead: Ray resolves top-level ref arguments before the task starts, so '${fn.name}' receives the values.`);
        }
      }
      if (delayedFns.has(fn) || isDaskDelayedFunction(fn, resolver)) {
        for (const call of callsIn(fn)) {
          const f = child(call, 'function')!;
          const sym = resolver.resolve(f, module);
          const isComputeFn = sym.kind === 'external' && sym.qname === 'dask.compute';
          const isComputeMethod = f.type === 'attribute' && child(f, 'attribute')?.text === 'compute' && fromDask(child(f, 'object')!, module, resolver);
          if (!isComputeFn && !isComputeMethod) continue;
          if (secedes(call, fn, module, resolver)) continue;
          report(call, `'${quote(module, call)}' computes a Dask graph inside delayed function '${fn.name}'`,
            'Computing inside a task blocks a worker until a second graph finishes, and the scheduler cannot see or share that work. Return the lazy object (or take it as an argument) and let the outer compute run the whole graph at once.');
        }
      }
    }

    // A pool task that submits to the same pool and waits for the result.
    for (const s of findSubmissions(module, resolver)) {
      if (!s.executorType || !BOUNDED.has(s.executorType) || s.executor?.type !== 'identifier') continue;
      const outer = resolver.lookup(s.executor.text!, resolver.scopeOf(s.executor, module), module);
      if (!outer) continue;
      const info = describeCallable(s.callable, module, resolver);
      if (!info.fn || info.fn.module !== module || info.kind === 'bound-method') continue;
      const task = info.fn;
      const sameExecutor = (node: PyNode | undefined): boolean => {
        if (node?.type !== 'identifier' || node.text !== s.executor!.text) return false;
        const inner = resolver.lookup(node.text!, resolver.scopeOf(node, module), module);
        return !!inner && inner.bindings === outer.bindings;
      };
      const submitsToSame = (node: PyNode | undefined, method: string): boolean => {
        const call = node && unparen(node);
        const f = call?.type === 'call' ? child(call, 'function') : undefined;
        return f?.type === 'attribute' && child(f, 'attribute')?.text === method && sameExecutor(child(f, 'object'));
      };
      const submitLine = lineOf(module, s.call.start);
      for (const call of callsIn(task)) {
        const f = child(call, 'function')!;
        if (f.type !== 'attribute') continue;
        const method = child(f, 'attribute')!.text;
        const obj = unparen(child(f, 'object')!);
        let waits = false;
        if (method === 'apply' && sameExecutor(obj)) waits = true;
        if (method === 'result' || method === 'get') {
          const submit = method === 'result' ? 'submit' : 'apply_async';
          if (submitsToSame(obj, submit)) waits = true;
          else if (obj.type === 'identifier') {
            const b = resolver.lookup(obj.text!, task, module);
            const only = b?.owner === task && b.bindings.length === 1 ? b.bindings[0] : undefined;
            if (only?.kind === 'assign' && submitsToSame(only.value, submit)) waits = true;
          }
        }
        if (!waits) continue;
        report(call, `Task '${task.name}' waits on '${s.executor.text}', the pool it runs in: this can deadlock`,
          `'${task.name}' is submitted to '${s.executor.text}' (line ${submitLine}) and, inside, submits to the same bounded pool and waits. When every worker runs such a task, the tasks they wait for never get a worker. Submit the inner work from the caller, call the function directly inside the task, or use a separate pool for it.`);
      }
    }
  },
};

function walkAllCalls(module: PyModule, visit: (call: PyNode) => void): void {
  const stack = [module.root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'call') visit(n);
    for (const c of n.children) stack.push(c);
  }
}

/** Identifiers read in `node` outside any call: `refs`, `refs[0]`, `[r for r in refs]`, but not `f.remote(x)`. */
function namesOutsideCalls(node: PyNode): Set<string> {
  const out = new Set<string>();
  const stack = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'call' || n.type === 'lambda') continue;
    if (n.type === 'identifier' && n.field !== 'attribute') out.add(n.text!);
    for (const c of n.children) stack.push(c);
  }
  return out;
}

/** Named `worker_client`/`secede`: distributed's documented ways for a task to leave its worker's pool while it waits. */
function isSecession(callee: PyNode, module: PyModule, resolver: PyResolver): boolean {
  const sym = resolver.resolve(callee, module);
  const name = sym.kind === 'external' ? sym.qname.split('.').pop() : sym.kind === 'function' ? sym.fn.name : undefined;
  return name === 'worker_client' || name === 'secede';
}

/** Whether the compute runs inside `with worker_client():`, or the task calls `secede()` first. */
function secedes(call: PyNode, fn: PyFunction, module: PyModule, resolver: PyResolver): boolean {
  for (let n = call.parent; n && n !== fn.body; n = n.parent) {
    if (n.type !== 'with_statement') continue;
    let found = false;
    walkOwn(n, (c) => {
      if (found || c.type === 'block') return false;
      if (c.type === 'call' && isSecession(child(c, 'function')!, module, resolver)) found = true;
    });
    if (found) return true;
  }
  return callsIn(fn).some((c) => c.start < call.start && isSecession(child(c, 'function')!, module, resolver));
}
