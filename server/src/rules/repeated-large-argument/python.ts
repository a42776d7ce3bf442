/** repeated-large-argument: the Python reading (the rule's header and meta are in index.ts). */
import { DASK_CLIENT, allCalls, calleeName, enclosingLoop, instanceType, isDotRemoteCall, isWithin, namesAssignedIn, positional, remoteTarget, type EnclosingLoop } from '../../lang/python/engines';
import type { PyModule } from '../../lang/python/model';
import type { PyResolver } from '../../lang/python/resolve';
import type { PyRuleContext } from '../../lang/python/rule-context';
import { child, type PyNode, unparen } from '../../lang/python/syntax';
import type { Rule } from '../types';

const PROCESS_POOLS = new Set(['concurrent.futures.ProcessPoolExecutor', 'multiprocessing.pool.Pool']);
/** Pool methods that send their arguments with each task: where those arguments start. */
const POOL_METHODS: Record<string, 'rest' | 'tuple'> = { submit: 'rest', apply_async: 'tuple', apply: 'tuple' };

/** Calls that build a large object: arrays, frames, loaded data, collections. */
const LARGE_MAKERS = new Set([
  'builtins.list', 'builtins.dict', 'builtins.set', 'builtins.sorted', 'builtins.tuple', 'builtins.bytearray', 'builtins.frozenset',
  'json.load', 'json.loads', 'pickle.load', 'pickle.loads',
  'pandas.DataFrame', 'pandas.Series', 'pandas.concat', 'pandas.merge',
]);
const NUMPY_MAKERS = ['zeros', 'ones', 'empty', 'full', 'arange', 'linspace', 'array', 'asarray', 'load', 'loadtxt', 'genfromtxt', 'fromfile', 'eye', 'identity', 'concatenate', 'stack', 'vstack', 'hstack'];
for (const m of NUMPY_MAKERS) LARGE_MAKERS.add(`numpy.${m}`);

const MIN_LITERAL_ITEMS = 10;

/** Pool methods that run the function once per item: the function (a partial) and a repeated item go with each task. */
const POOL_MAP_METHODS = new Set(['map', 'imap', 'imap_unordered', 'starmap', 'starmap_async', 'map_async']);

type Engine = 'ray' | 'dask' | 'pool';
const FIX: Record<Engine, (name: string) => string> = {
  ray: (name) => `Put it in the object store once, before the loop: ${name}_ref = ray.put(${name}), and pass ${name}_ref; Ray hands each task the shared copy.`,
  dask: (name) => `Send it to the workers once, before the loop: ${name}_future = client.scatter(${name}, broadcast=True), and pass the future.`,
  pool: (name) => `Send it once per worker: give the pool an initializer that stores it in a module global (ProcessPoolExecutor(initializer=..., initargs=(${name},))), and read it there.`,
};

/** Why a value is large, or undefined when it is not known to be. */
function largeValue(value: PyNode, module: PyModule, resolver: PyResolver): string | undefined {
  const v = unparen(value);
  switch (v.type) {
    case 'list_comprehension': case 'dictionary_comprehension': case 'set_comprehension':
      return 'a collection built by a comprehension';
    case 'list': case 'dictionary': case 'set': case 'tuple':
      return v.children.length >= MIN_LITERAL_ITEMS ? `a literal of ${v.children.length} items` : undefined;
    case 'binary_operator': {
      const left = unparen(child(v, 'left')!);
      return v.ops?.includes('*') && (left.type === 'list' || left.type === 'tuple') ? 'a repeated list' : undefined;
    }
    case 'call': {
      const sym = resolver.resolve(child(v, 'function')!, module);
      if (sym.kind !== 'external') return undefined;
      const q = sym.qname;
      if (LARGE_MAKERS.has(q) || q.startsWith('numpy.random.') || /^pandas\.read_/.test(q)) return `made by ${q.replace(/^numpy\./, 'np.').replace(/^pandas\./, 'pd.').replace(/^builtins\./, '')}()`;
      return undefined;
    }
    default:
      return undefined;
  }
}

/** A name bound once, anywhere, to a large value: the same object for every task of one map call. */
function largeBoundName(arg: PyNode, module: PyModule, resolver: PyResolver): string | undefined {
  const a = unparen(arg);
  if (a.type !== 'identifier') return undefined;
  const found = resolver.lookup(a.text!, resolver.scopeOf(a, module), module);
  if (!found || found.bindings.length !== 1) return undefined;
  const b = found.bindings[0];
  return b.kind === 'assign' && b.value ? largeValue(b.value, module, resolver) : undefined;
}

/**
 * What a process pool's `map` sends again with every task: the arguments bound by a
 * `functools.partial(f, big)` given as the function (pickled with each task, or each
 * chunk), and a whole iterable of one object (`itertools.repeat(big)`, `[big] * n`).
 */
function mapArguments(call: PyNode, module: PyModule, resolver: PyResolver): PyNode[] {
  const [fnArg, ...iterables] = positional(call);
  const out: PyNode[] = [];
  const f = fnArg ? unparen(fnArg) : undefined;
  if (f?.type === 'call' && calleeName(f, module, resolver) === 'functools.partial') {
    const argsNode = child(f, 'arguments');
    out.push(...positional(f).slice(1));
    if (argsNode) out.push(...argsNode.children.filter((a) => a.type === 'keyword_argument').map((a) => child(a, 'value')!));
  }
  for (const it of iterables) {
    const i = unparen(it);
    if (i.type === 'call' && calleeName(i, module, resolver) === 'itertools.repeat' && positional(i)[0]) out.push(positional(i)[0]);
    if (i.type === 'binary_operator' && i.ops?.includes('*')) {
      const left = unparen(child(i, 'left')!);
      if (left.type === 'list' && left.children.length === 1) out.push(left.children[0]);
    }
  }
  return out;
}

/** A loop-invariant name bound once, outside the loop, to a large value. */
function largeName(arg: PyNode, loop: EnclosingLoop, changing: Set<string>, module: PyModule, resolver: PyResolver): string | undefined {
  const a = unparen(arg);
  if (a.type !== 'identifier' || loop.targets.has(a.text!) || changing.has(a.text!)) return undefined;
  const found = resolver.lookup(a.text!, resolver.scopeOf(a, module), module);
  if (!found || found.bindings.length !== 1) return undefined;
  const b = found.bindings[0];
  if (b.kind !== 'assign' || !b.value || isWithin(b.node, loop.node)) return undefined;
  return largeValue(b.value, module, resolver);
}

function importsRay(module: PyModule): boolean {
  for (const bindings of module.globals.values()) {
    if (bindings.some((b) => b.kind === 'import' && (b.qname === 'ray' || b.qname.startsWith('ray.')))) return true;
  }
  return false;
}

/** The engine a call in a loop submits a task to, and the arguments it sends. */
function taskArguments(call: PyNode, module: PyModule, resolver: PyResolver, ray: boolean): { engine: Engine; args: PyNode[] } | undefined {
  const fn = child(call, 'function');
  if (!fn) return undefined;
  const argsNode = child(call, 'arguments');
  const keywordValues = argsNode ? argsNode.children.filter((a) => a.type === 'keyword_argument').map((a) => child(a, 'value')!) : [];
  if (isDotRemoteCall(call) && (ray || remoteTarget(call, module, resolver).isRemote)) return { engine: 'ray', args: [...positional(call), ...keywordValues] };
  if (fn.type !== 'attribute') return undefined;
  const method = child(fn, 'attribute')!.text!;
  const type = instanceType(child(fn, 'object')!, module, resolver);
  if (type === DASK_CLIENT && method === 'submit') return { engine: 'dask', args: [...positional(call).slice(1), ...keywordValues.filter((k) => !isOption(k))] };
  if (type && PROCESS_POOLS.has(type) && POOL_METHODS[method]) {
    if (POOL_METHODS[method] === 'rest') return { engine: 'pool', args: [...positional(call).slice(1), ...keywordValues] };
    const tuple = unparen(positional(call)[1] ?? { type: 'none', start: 0, end: 0, field: null, parent: null, children: [] });
    return { engine: 'pool', args: tuple.type === 'tuple' || tuple.type === 'list' ? tuple.children : [] };
  }
  return undefined;
}

/** client.submit's own options (key=, pure=, workers=...) are not task arguments. */
function isOption(value: PyNode): boolean {
  const name = value.parent ? child(value.parent, 'name')?.text : undefined;
  return !!name && ['key', 'workers', 'resources', 'retries', 'priority', 'fifo_timeout', 'allow_other_workers', 'actor', 'actors', 'pure'].includes(name);
}

export const pythonReading: Pick<Required<Rule>, 'checkPython'> = {
  checkPython(ctx: PyRuleContext): void {
    const { module, resolver } = ctx;
    const ray = importsRay(module);
    for (const call of allCalls(module)) {
      const loop = enclosingLoop(call);
      if (!loop) continue;
      const task = taskArguments(call, module, resolver, ray);
      if (!task) continue;
      const changing = loop.node.type === 'for_statement' || loop.node.type === 'while_statement' ? namesAssignedIn(loop.node) : new Set<string>();
      for (const arg of task.args) {
        const why = largeName(arg, loop, changing, module, resolver);
        if (!why) continue;
        const name = unparen(arg).text!;
        ctx.report({
          start: arg.start, end: arg.end,
          message: `'${name}' (${why}) is pickled again for every task in this loop`,
          detail: `The same object goes to each task by value, so it is serialised and copied once per task instead of once. ${FIX[task.engine](name)}`,
        });
      }
    }
    for (const call of allCalls(module)) {
      const fn = child(call, 'function');
      if (fn?.type !== 'attribute' || !POOL_MAP_METHODS.has(child(fn, 'attribute')!.text!)) continue;
      const type = instanceType(child(fn, 'object')!, module, resolver);
      if (!type || !PROCESS_POOLS.has(type)) continue;
      for (const arg of mapArguments(call, module, resolver)) {
        const why = largeBoundName(arg, module, resolver);
        if (!why) continue;
        const name = unparen(arg).text!;
        ctx.report({
          start: arg.start, end: arg.end,
          message: `'${name}' (${why}) is pickled again for every task of this ${child(fn, 'attribute')!.text}`,
          detail: `The pool sends the function and its arguments with each task (or chunk of tasks), so the same object is serialised and copied again and again instead of once per worker. ${FIX.pool(name)}`,
        });
      }
    }
  },
};
