/** global-in-worker-process: the Python reading (the rule's header and meta are in index.ts). */
import { DASK_CLIENT, allCalls, daskClientRunsIn, daskComputedTasks, instanceType, lineOf, positional, remoteTarget } from '../../lang/python/engines';
import type { Binding, PyFunction, PyModule } from '../../lang/python/model';
import type { PyResolver } from '../../lang/python/resolve';
import type { PyRuleContext } from '../../lang/python/rule-context';
import { child, type PyNode, unparen, walkOwn } from '../../lang/python/syntax';
import { describeCallable, findSubmissions } from '../../lang/python/tasks';
import type { Rule } from '../types';

const MUTATORS = new Set(['append', 'extend', 'insert', 'add', 'update', 'setdefault', 'pop', 'popitem', 'remove', 'discard', 'clear', 'appendleft', 'extendleft']);
const COLLECTION_MAKERS = new Set(['builtins.list', 'builtins.dict', 'builtins.set', 'collections.defaultdict', 'collections.Counter', 'collections.OrderedDict', 'collections.deque']);

/** A function run in another process, and where it was sent from. */
interface WorkerUse {
  fn: PyFunction;
  via: string;
  call: PyNode;
}

function workerUses(module: PyModule, resolver: PyResolver): WorkerUse[] {
  const out: WorkerUse[] = [];
  for (const s of findSubmissions(module, resolver)) {
    if (s.runsIn !== 'process') continue;
    const info = describeCallable(s.callable, module, resolver);
    if (info.kind === 'module-function' && info.fn && info.fn.module === module) out.push({ fn: info.fn, via: s.via, call: s.call });
  }
  for (const call of allCalls(module)) {
    const ray = remoteTarget(call, module, resolver);
    if (ray.isRemote && ray.fn && ray.fn.module === module && !ray.fn.parent && !ray.fn.cls) { out.push({ fn: ray.fn, via: 'a Ray task', call }); continue; }
    const fn = child(call, 'function');
    if (fn?.type !== 'attribute' || !['submit', 'map'].includes(child(fn, 'attribute')?.text ?? '')) continue;
    const client = child(fn, 'object')!;
    if (instanceType(client, module, resolver) !== DASK_CLIENT || daskClientRunsIn(client, module, resolver) !== 'process') continue;
    const target = positional(call)[0];
    const fnOf = target ? moduleFunction(target, module, resolver) : undefined;
    if (fnOf) out.push({ fn: fnOf, via: `Dask client.${child(fn, 'attribute')!.text}`, call });
  }
  for (const task of daskComputedTasks(module, resolver)) {
    if (task.runsIn !== 'process') continue;
    const fnOf = moduleFunction(task.callable, module, resolver);
    if (fnOf) out.push({ fn: fnOf, via: task.via, call: task.compute });
  }
  return out;
}

/** The module-level function of this module an expression names (not a method, not a nested function). */
function moduleFunction(node: PyNode, module: PyModule, resolver: PyResolver): PyFunction | undefined {
  const sym = resolver.resolve(node, module);
  return sym.kind === 'function' && !sym.bound && sym.fn.module === module && !sym.fn.parent && !sym.fn.cls ? sym.fn : undefined;
}

/** A module global holding a plain, mutable collection. */
function isCollectionGlobal(bindings: Binding[], module: PyModule, resolver: PyResolver): boolean {
  return bindings.length > 0 && bindings.every((b) => {
    if (b.kind !== 'assign' || !b.value) return false;
    const v = unparen(b.value);
    if (['list', 'dictionary', 'set', 'list_comprehension', 'dictionary_comprehension', 'set_comprehension'].includes(v.type)) return true;
    if (v.type === 'call') {
      const sym = resolver.resolve(child(v, 'function')!, module);
      return sym.kind === 'external' && COLLECTION_MAKERS.has(sym.qname);
    }
    return false;
  });
}

/** The module globals `fn` writes, each with its first write. */
function globalWrites(fn: PyFunction, module: PyModule, resolver: PyResolver): Map<string, PyNode> {
  const out = new Map<string, PyNode>();
  const isModuleCollection = (name: string): boolean => {
    const found = resolver.lookup(name, fn, module);
    return !!found && found.owner === undefined && isCollectionGlobal(found.bindings, module, resolver);
  };
  const note = (name: string, at: PyNode) => { if (!out.has(name)) out.set(name, at); };
  walkOwn(fn.body, (n) => {
    if (n.type === 'assignment' || n.type === 'augmented_assignment') {
      const left = unparen(child(n, 'left') ?? n);
      if (left.type === 'identifier' && fn.globals.has(left.text!) && module.globals.has(left.text!)) note(left.text!, n);
      if (left.type === 'subscript') {
        const obj = unparen(child(left, 'value')!);
        if (obj.type === 'identifier' && isModuleCollection(obj.text!)) note(obj.text!, n);
      }
    }
    if (n.type === 'call') {
      const f = child(n, 'function')!;
      const obj = f.type === 'attribute' ? unparen(child(f, 'object')!) : undefined;
      if (obj?.type === 'identifier' && MUTATORS.has(child(f, 'attribute')?.text ?? '') && isModuleCollection(obj.text!)) note(obj.text!, n);
    }
  });
  return out;
}

/** The first read of module global `name` in the scope that sent the task (its function, or module level). */
function parentRead(name: string, use: WorkerUse, module: PyModule, resolver: PyResolver): PyNode | undefined {
  const scope = resolver.scopeOf(use.call, module);
  const body = scope ? scope.body : module.root;
  let found: PyNode | undefined;
  walkOwn(body, (n) => {
    if (found) return false;
    if (n.type !== 'identifier' || n.text !== name || n.field === 'attribute' || n.field === 'name') return;
    const p = n.parent!;
    if ((p.type === 'assignment' || p.type === 'augmented_assignment') && n.field === 'left') return; // a write
    if (p.type === 'global_statement' || p.type === 'keyword_argument') return;
    const b = resolver.lookup(name, scope, module);
    if (b?.owner !== undefined) return;
    found = n;
  });
  return found;
}

export const pythonReading: Pick<Required<Rule>, 'checkPython'> = {
  checkPython(ctx: PyRuleContext): void {
    const { module, resolver } = ctx;
    const done = new Set<string>();
    for (const use of workerUses(module, resolver)) {
      for (const [name, write] of globalWrites(use.fn, module, resolver)) {
        const key = `${use.fn.qualName}\0${name}`;
        if (done.has(key)) continue;
        const read = parentRead(name, use, module, resolver);
        if (!read) continue;
        done.add(key);
        ctx.report({
          start: write.start, end: write.end,
          message: `'${use.fn.name}' runs in another process, so its write to global '${name}' is lost`,
          detail: `'${use.fn.name}' is run by ${use.via} (line ${lineOf(module, use.call.start)}), in a worker process with its own copy of the module; the parent reads '${name}' (line ${lineOf(module, read.start)}) and sees only its own copy. Return the value from the task and combine the results in the parent, or use a multiprocessing.Manager / shared memory on purpose.`,
          related: [{ file: module.file, start: read.start, end: read.end, message: `the parent reads '${name}' here` }],
        });
      }
    }
  },
};
