/**
 * Finds the places where a callable is handed to another thread or process:
 * `Thread(target=f)`, `Process(target=f)`, `executor.submit(f, ...)`,
 * `pool.map(f, ...)`, `loop.run_in_executor(None, f)`, `asyncio.to_thread(f)`
 * and joblib's `Parallel(backend="threading")(delayed(f)(...) ...)`.
 */
import { PROCESS_EXECUTORS, TASK_METHODS, THREAD_EXECUTORS } from './apis';
import type { PyClass, PyFunction, PyModule } from './model';
import type { PyResolver, Sym, TypeRef } from './resolve';
import { child, type PyNode, unparen, walkOwn } from './syntax';

export interface TaskSubmission {
  call: PyNode;
  /** Where the callable runs. */
  runsIn: 'thread' | 'process';
  /** What it was handed to, for messages: `ThreadPoolExecutor.submit`, `threading.Thread`. */
  via: string;
  callable: PyNode;
  /** The arguments the callable will get, when the call spells them out. */
  args?: { positional: PyNode[]; keywords: Map<string, PyNode>; exact: boolean; node?: PyNode };
  /** The executor/pool expression for method submissions (`ex` in `ex.submit`). */
  executor?: PyNode;
  executorType?: string;
}

function positionalArgs(args: PyNode | undefined): PyNode[] {
  if (!args || args.type !== 'argument_list') return [];
  return args.children.filter((a) => a.type !== 'keyword_argument' && a.type !== 'dictionary_splat');
}

function keywordArg(args: PyNode | undefined, name: string): PyNode | undefined {
  if (!args || args.type !== 'argument_list') return undefined;
  for (const a of args.children) if (a.type === 'keyword_argument' && child(a, 'name')?.text === name) return child(a, 'value');
  return undefined;
}

/** `(a, b)` / `[a, b]` as a list of nodes; undefined when not a literal sequence. */
export function literalSequence(node: PyNode | undefined): { items: PyNode[]; exact: boolean } | undefined {
  if (!node) return undefined;
  const n = unparen(node);
  if (n.type === 'tuple' || n.type === 'list') {
    const items = n.children;
    return { items, exact: !items.some((i) => i.type === 'list_splat') };
  }
  return undefined;
}

function literalKeywords(node: PyNode | undefined): { map: Map<string, PyNode>; exact: boolean } | undefined {
  if (!node) return { map: new Map(), exact: true };
  const n = unparen(node);
  const map = new Map<string, PyNode>();
  if (n.type === 'dictionary') {
    for (const pair of n.children) {
      if (pair.type !== 'pair') return { map, exact: false };
      const key = child(pair, 'key');
      const content = key?.type === 'string' ? key.children.find((c) => c.type === 'string_content') : undefined;
      if (!content) return { map, exact: false };
      map.set(content.text!, child(pair, 'value')!);
    }
    return { map, exact: true };
  }
  return undefined;
}

const submissionsCache = new WeakMap<PyModule, { generation: number; resolver: PyResolver; submissions: TaskSubmission[] }>();

/** Every task submission in the module, in source order (several rules ask; found once per generation). */
export function findSubmissions(module: PyModule, resolver: PyResolver): TaskSubmission[] {
  const cached = submissionsCache.get(module);
  if (cached && cached.resolver === resolver && cached.generation === resolver.workspace.generation) return cached.submissions;
  const submissions = collectSubmissions(module, resolver);
  submissionsCache.set(module, { generation: resolver.workspace.generation, resolver, submissions });
  return submissions;
}

function collectSubmissions(module: PyModule, resolver: PyResolver): TaskSubmission[] {
  const out: TaskSubmission[] = [];
  const visit = (n: PyNode) => {
    if (n.type !== 'call') return;
    const fnNode = child(n, 'function');
    if (!fnNode) return;
    const args = child(n, 'arguments');
    const sym = resolver.resolve(fnNode, module);
    const s = submissionOf(n, sym, args, module, resolver);
    if (s) out.push(s);
  };
  walkOwn(module.root, visit);
  for (const fn of module.functions) walkOwn(fn.isLambda ? { ...fn.node, children: [fn.body] } : fn.body, visit);
  return out;
}

function submissionOf(call: PyNode, sym: Sym, args: PyNode | undefined, module: PyModule, resolver: PyResolver): TaskSubmission | undefined {
  const pos = positionalArgs(args);
  if (sym.kind === 'external' && (sym.qname === 'threading.Thread' || sym.qname === 'multiprocessing.Process')) {
    const target = keywordArg(args, 'target') ?? pos[1];
    if (!target) return undefined;
    const argsNode = keywordArg(args, 'args') ?? pos[3];
    const kwNode = keywordArg(args, 'kwargs') ?? pos[4];
    const seq = argsNode ? literalSequence(argsNode) : { items: [], exact: true };
    const kws = literalKeywords(kwNode);
    return {
      call, runsIn: sym.qname === 'threading.Thread' ? 'thread' : 'process', via: sym.qname, callable: target,
      args: seq && kws ? { positional: seq.items, keywords: kws.map, exact: seq.exact && kws.exact, node: argsNode } : undefined,
    };
  }
  if (sym.kind === 'external' && sym.qname === 'asyncio.to_thread' && pos[0]) {
    return { call, runsIn: 'thread', via: 'asyncio.to_thread', callable: pos[0], args: callArgs(args, 1) };
  }
  if (sym.kind === 'method' && sym.type === 'asyncio.AbstractEventLoop' && sym.name === 'run_in_executor' && pos[1]) {
    const ex = unparen(pos[0]);
    let runsIn: 'thread' | 'process' | undefined;
    if (ex.type === 'none') runsIn = 'thread';
    else {
      const t = resolver.resolve(ex, module);
      if (t.kind === 'instance' && 'external' in t.type) {
        if (THREAD_EXECUTORS.has(t.type.external)) runsIn = 'thread';
        if (PROCESS_EXECUTORS.has(t.type.external)) runsIn = 'process';
      }
    }
    if (!runsIn) return undefined;
    return { call, runsIn, via: 'loop.run_in_executor', callable: pos[1], args: callArgs(args, 2) };
  }
  if (sym.kind === 'method' && TASK_METHODS.has(sym.name) && (THREAD_EXECUTORS.has(sym.type) || PROCESS_EXECUTORS.has(sym.type)) && pos[0]) {
    const runsIn = THREAD_EXECUTORS.has(sym.type) ? 'thread' : 'process';
    const fnNode = child(call, 'function')!;
    let a: TaskSubmission['args'];
    if (sym.name === 'submit') a = callArgs(args, 1);
    else if (sym.name === 'apply' || sym.name === 'apply_async') {
      const argsNode = keywordArg(args, 'args') ?? pos[1];
      const seq = argsNode ? literalSequence(argsNode) : { items: [], exact: true };
      const kws = literalKeywords(keywordArg(args, 'kwds') ?? pos[2]);
      a = seq && kws ? { positional: seq.items, keywords: kws.map, exact: seq.exact && kws.exact, node: argsNode } : undefined;
    } else if (sym.name === 'map' && sym.type.startsWith('concurrent.')) {
      const iterables = pos.slice(1);
      a = { positional: iterables, keywords: new Map(), exact: !iterables.some((i) => i.type === 'list_splat') };
    }
    return { call, runsIn, via: `${sym.type.split('.').pop()}.${sym.name}`, callable: pos[0], args: a, executor: child(fnNode, 'object'), executorType: sym.type };
  }
  // joblib: Parallel(backend="threading")(delayed(f)(x) for x in xs)
  if (sym.kind === 'unknown') {
    const inner = child(call, 'function');
    if (inner?.type === 'call') {
      const ctor = resolver.resolve(child(inner, 'function')!, module);
      if (ctor.kind === 'external' && ctor.qname === 'joblib.Parallel') {
        const innerArgs = child(inner, 'arguments');
        const backend = stringValue(keywordArg(innerArgs, 'backend'));
        const prefer = stringValue(keywordArg(innerArgs, 'prefer'));
        if (backend !== 'threading' && !(prefer === 'threads' && !backend)) return undefined;
        const gen = args?.type === 'generator_expression' ? args : pos[0];
        const body = gen ? child(gen, 'body') : undefined;
        const delayedCall = body?.type === 'call' ? child(body, 'function') : undefined;
        if (delayedCall?.type === 'call') {
          const d = resolver.resolve(child(delayedCall, 'function')!, module);
          const target = positionalArgs(child(delayedCall, 'arguments'))[0];
          if (d.kind === 'external' && d.qname === 'joblib.delayed' && target) {
            return { call, runsIn: 'thread', via: 'joblib.Parallel(backend="threading")', callable: target, args: callArgs(child(body!, 'arguments'), 0) };
          }
        }
      }
    }
  }
  return undefined;
}

function callArgs(args: PyNode | undefined, skip: number): TaskSubmission['args'] {
  if (!args || args.type !== 'argument_list') return undefined;
  const positional = positionalArgs(args).slice(skip);
  const keywords = new Map<string, PyNode>();
  let exact = !positional.some((p) => p.type === 'list_splat');
  for (const a of args.children) {
    if (a.type === 'keyword_argument') keywords.set(child(a, 'name')?.text ?? '', child(a, 'value')!);
    if (a.type === 'dictionary_splat') exact = false;
  }
  return { positional, keywords, exact };
}

function stringValue(node: PyNode | undefined): string | undefined {
  if (!node || node.type !== 'string') return undefined;
  return node.children.find((c) => c.type === 'string_content')?.text ?? '';
}

export interface CallableInfo {
  kind: 'lambda' | 'nested-function' | 'local-class' | 'bound-method' | 'module-function' | 'class' | 'unknown';
  fn?: PyFunction;
  cls?: PyClass;
  /** For bound methods: the receiver's type. */
  bound?: TypeRef;
  /** Wrapped in `functools.partial(...)`: the number of positional arguments it binds, or -1 if unknown. */
  partialArgs?: number;
  partialKeywords?: string[];
}

/** What kind of callable an expression is, as far as picklability and signatures go. */
export function describeCallable(node: PyNode, module: PyModule, resolver: PyResolver): CallableInfo {
  const n = unparen(node);
  if (n.type === 'lambda') return { kind: 'lambda', fn: module.functionOf.get(n) };
  if (n.type === 'call') {
    const f = child(n, 'function');
    const sym = f ? resolver.resolve(f, module) : undefined;
    const args = child(n, 'arguments');
    const pos = positionalArgs(args);
    if (sym?.kind === 'external' && sym.qname === 'functools.partial' && pos[0]) {
      const inner = describeCallable(pos[0], module, resolver);
      const exact = !pos.some((p) => p.type === 'list_splat') && !args!.children.some((a) => a.type === 'dictionary_splat');
      const keywords = args!.children.filter((a) => a.type === 'keyword_argument').map((a) => child(a, 'name')?.text ?? '');
      return { ...inner, partialArgs: exact ? pos.length - 1 : -1, partialKeywords: keywords };
    }
    return { kind: 'unknown' };
  }
  const sym = resolver.resolve(n, module);
  if (sym.kind === 'function') {
    const fn = sym.fn;
    if (sym.bound) return { kind: 'bound-method', fn, bound: sym.bound };
    if (fn.parent && !fn.cls) return { kind: 'nested-function', fn };
    if (fn.cls?.parent) return { kind: 'local-class', fn, cls: fn.cls };
    return { kind: 'module-function', fn };
  }
  if (sym.kind === 'class') return { kind: sym.cls.parent ? 'local-class' : 'class', cls: sym.cls };
  return { kind: 'unknown' };
}
