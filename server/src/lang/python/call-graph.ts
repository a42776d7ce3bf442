/**
 * Facts about workspace functions that follow calls across functions and files:
 * does calling this function block, does it do heavy CPU work, is it CPU-bound
 * without I/O, does it start processes. Each fact is computed once per function
 * (per workspace generation) and carries the chain of calls that leads to it,
 * which becomes the diagnostic's related information.
 */
import { ReachMemo } from '../../core/reachability';
import { isCachedFunction, isMemoisedCall, isOnErrorPath } from './memo-guard';
import { BLOCKING_FUNCTIONS, BLOCKING_METHODS, type BlockingApi, PROCESS_EXECUTORS, PURE_FUNCTIONS, PURE_MODULES } from './apis';
import { containsAwait, functionOfSym, ownCalls } from './call-graph/calls';
import { CONTAINER_LITERALS, derivedFrom, exclusive, hasExit, insideLoop, isConstantIterable, shrinksByConstant, targetNames } from './call-graph/loop-facts';
import { type Reach, shortName, textOf } from './call-graph/reach';
import { isGenerator, iteratedWhereMade } from './generators';
import type { PyFunction, PyModule } from './model';
import { type CallFrame, inUntakenBranch, looksUpNoName, NAME_LOOKUPS } from './name-lookup';
import { queueProvenNonEmpty } from './queue-guard';
import { pythonRegexWork } from './call-graph/regexes';
import { externalName, type PyResolver, type Sym } from './resolve';
import { child, dottedName, type PyNode, unparen, walkOwn, walkSelf } from './syntax';

/** Decorators that leave a function's body running where it is called. */
const TRANSPARENT_DECORATORS = /^@\s*(?:staticmethod|classmethod|property|[\w.]*\.setter|functools\.wraps\b|wraps\b|functools\.(?:lru_)?cache|(?:lru_)?cache|abc\.abstractmethod|abstractmethod|override|typing\.override)/;

/** How many functions deep a blocking or heavy call is followed from the call site. */
export const MAX_CHAIN = 2;

const CLOCKS = new Set(['time.time', 'time.monotonic', 'time.perf_counter', 'time.time_ns', 'time.monotonic_ns', 'time.perf_counter_ns', 'datetime.datetime.now', 'datetime.datetime.utcnow']);

/** Methods of builtin containers and strings: calling them is computation, not I/O. */
const CONTAINER_METHODS = new Set([
  'append', 'extend', 'insert', 'pop', 'popleft', 'appendleft', 'add', 'discard', 'remove', 'update', 'items', 'keys',
  'values', 'copy', 'count', 'index', 'sort', 'split', 'strip', 'lstrip', 'rstrip', 'join', 'lower', 'upper', 'replace',
  'startswith', 'endswith', 'setdefault', 'isdigit', 'isalpha', 'bit_length', 'find',
]);

export class PyCallGraph {
  private blocking = new ReachMemo<string, Reach>();
  private heavy = new ReachMemo<string, Reach>();
  private pure = new Map<PyFunction, CpuProfile | 'busy'>();
  private spawns = new ReachMemo<string, Reach>();
  private ids = new WeakMap<PyFunction, number>();
  private nextId = 0;
  private generation = -1;
  /** From `loopwise.blockingApis.extra`, as `module.name` or `module.Class.method`. */
  private extra = new Map<string, BlockingApi>();
  private extraKey = '';

  constructor(readonly resolver: PyResolver) {}

  /** Drops memoised facts when the workspace or the extra blocking APIs changed. */
  sync(extraApis: readonly string[]): void {
    const key = extraApis.join('\n');
    if (this.generation !== this.resolver.workspace.generation || key !== this.extraKey) {
      this.blocking.clear();
      this.heavy.clear();
      this.pure.clear();
      this.spawns.clear();
      this.generation = this.resolver.workspace.generation;
      this.extraKey = key;
      this.extra.clear();
      this.resolver.extraFactories.clear();
      for (const spec of extraApis) {
        const [mod, name] = spec.split('#');
        if (!mod || !name) continue;
        const qname = `${mod.replace(/[/-]/g, '_')}.${name}`;
        this.extra.set(qname, { label: `${name}()`, alternative: 'an asynchronous alternative or `await asyncio.to_thread(...)`' });
        const parts = qname.split('.');
        if (parts.length > 2) this.resolver.extraFactories.add(parts.slice(0, -1).join('.'));
      }
    }
  }

  callee(call: PyNode, module: PyModule): Sym {
    const fn = child(call, 'function');
    return fn ? this.resolver.resolve(fn, module) : { kind: 'unknown' };
  }

  /** The workspace function a call runs, if known: a function, a bound method, or a class's `__init__`. */
  calledFunction(call: PyNode, module: PyModule): PyFunction | undefined {
    return functionOfSym(this.callee(call, module), this.resolver);
  }

  /**
   * Like `calledFunction`, without constructors. A class's `__init__` picks its
   * set-up path from its arguments (load a scheduler file if one is given...), and
   * following it flagged nearly every construction on real code (distributed's
   * Worker, Nanny), so the event-loop rules do not.
   */
  calledPlainFunction(call: PyNode, module: PyModule): PyFunction | undefined {
    const sym = this.callee(call, module);
    return sym.kind === 'function' ? sym.fn : undefined;
  }

  /**
   * The blocking API a call invokes directly, honouring `timeout=`/`blocking=False`
   * exemptions and lookups of no name. `frame`, when given, binds the parameters of
   * the function the call is made in to the arguments it was called with.
   */
  blockingApi(call: PyNode, module: PyModule, frame?: CallFrame): BlockingApi | undefined {
    const name = externalName(this.callee(call, module));
    if (!name) return undefined;
    const fnApi = BLOCKING_FUNCTIONS[name] ?? this.extra.get(name);
    // getaddrinfo with no host, an IP address or AI_NUMERICHOST does no lookup, so it returns at once.
    if (NAME_LOOKUPS.has(name) && looksUpNoName(name, call, module, this.resolver, frame)) return undefined;
    if (fnApi) return fnApi;
    const m = BLOCKING_METHODS[name];
    if (!m) return undefined;
    if (name === 'queue.Queue.put' && !this.isBoundedQueue(call, module)) return undefined;
    if (name === 'queue.Queue.get' && this.getFindsItem(call)) return undefined;
    const args = child(call, 'arguments');
    if (args && args.type === 'argument_list') {
      const positional = args.children.filter((a) => a.type !== 'keyword_argument' && a.type !== 'dictionary_splat' && a.type !== 'list_splat');
      if (m.unlessPositional !== undefined && positional.length >= m.unlessPositional) return undefined;
      if (args.children.some((a) => a.type === 'dictionary_splat')) return undefined;
      for (const a of args.children) {
        if (a.type === 'keyword_argument' && m.unlessKeyword?.includes(child(a, 'name')?.text ?? '')) return undefined;
      }
    }
    return m;
  }

  /** A `q.get()` right after a check that `q` is not empty returns at once (queue-guard.ts). */
  private getFindsItem(call: PyNode): boolean {
    const recv = child(child(call, 'function')!, 'object');
    const name = recv && dottedName(recv);
    return !!name && queueProvenNonEmpty(call, name);
  }

  /**
   * `self.m()` called after a check that `self.q` is not empty, where the one blocking
   * call `m` makes is `self.q.get()` (distributed's `as_completed.__anext__` waits until
   * its queue has an item, then calls `_get_and_raise`, which gets it).
   */
  queueGetGuardedAt(call: PyNode, target: PyFunction, reach: Reach): boolean {
    const get = reach.steps.length === 1 ? reach.steps[0].node : undefined;
    const getFn = get && child(get, 'function');
    const recv = getFn?.type === 'attribute' ? dottedName(child(getFn, 'object')!) : undefined;
    const self = target.cls ? target.params[0]?.name : undefined;
    const fn = child(call, 'function');
    if (!recv || !self || !recv.startsWith(`${self}.`) || externalName(this.callee(get!, target.module)) !== 'queue.Queue.get') return false;
    if (fn?.type !== 'attribute' || dottedName(child(fn, 'object')!) !== self) return false;
    for (const c of ownCalls(target)) {
      if (c === get) continue;
      if (this.blockingApi(c, target.module)) return false;
      const sub = this.calledPlainFunction(c, target.module);
      if (sub && sub !== target && this.runsInline(sub) && this.blockingReach(sub, MAX_CHAIN - 1)) return false;
    }
    return queueProvenNonEmpty(call, recv);
  }

  /** `q.put()` only waits when `q` was made with a `maxsize`; unknown construction counts as unbounded. */
  private isBoundedQueue(call: PyNode, module: PyModule): boolean {
    const recv = child(child(call, 'function')!, 'object');
    if (!recv) return false;
    let ctor: PyNode | undefined;
    if (recv.type === 'identifier') {
      const found = this.resolver.lookup(recv.text!, this.resolver.scopeOf(recv, module), module);
      const b = found?.bindings.length === 1 ? found.bindings[0] : undefined;
      if (b?.kind === 'assign' && b.value) ctor = unparen(b.value);
    }
    if (!ctor || ctor.type !== 'call') return false;
    const args = child(ctor, 'arguments');
    return !!args && args.children.some((a) => {
      const v = a.type === 'keyword_argument' ? (child(a, 'name')?.text === 'maxsize' ? child(a, 'value') : undefined) : a;
      return !!v && !(v.type === 'integer' && Number(v.text) <= 0);
    });
  }

  /** Whether calling `fn` synchronously runs its body here (async functions and unknown decorators do not). */
  runsInline(fn: PyFunction): boolean {
    if (fn.isAsync) return false;
    return fn.decorators.every((d) => TRANSPARENT_DECORATORS.test(fn.module.text.slice(d.start, d.end)));
  }

  /**
   * Whether `call` (in `module`) runs `fn`'s body where it is made: `fn` runs inline,
   * and if it is a generator, the caller iterates what it returns (generators.ts).
   */
  runsAt(fn: PyFunction, call: PyNode, module: PyModule): boolean {
    return this.runsInline(fn) && (!isGenerator(fn) || iteratedWhereMade(call, module, this.resolver));
  }

  /**
   * The first blocking call `fn` makes, directly or through the functions it calls,
   * at most `depth` functions deep. Deeper chains run through code whose conditions
   * Loopwise cannot see (a sync wrapper that returns a coroutine when asked to), and
   * on real code they were mostly noise.
   *
   * With a `frame` (`fn` and the call that entered it), the arguments of that call
   * are followed into `fn`'s parameters, and so on down the chain; such a reach
   * belongs to one call site and is not memoised.
   */
  blockingReach(fn: PyFunction, depth = MAX_CHAIN, frame?: CallFrame): Reach | null {
    const compute = () => {
      let found: Reach | null = null;
      // Once per key, not once per call: `functools` caches what it returns.
      if (isCachedFunction(this.resolver, fn)) return null;
      const calls = ownCalls(fn).filter((call) => !isOnErrorPath(call, fn) && !isMemoisedCall(call, fn) && !(frame && inUntakenBranch(call, frame, this.resolver)));
      for (const call of calls) {
        const api = this.blockingApi(call, fn.module, frame);
        if (api) {
          found = { what: api.label, alternative: api.alternative, steps: [{ module: fn.module, fn: fn.name, node: call, message: `'${fn.name}' calls ${api.label}` }] };
          break;
        }
      }
      if (!found) {
        for (const call of calls) {
          const target = this.calledPlainFunction(call, fn.module);
          if (depth <= 1 || !target || target === fn || !this.runsAt(target, call, fn.module)) continue;
          const sub = this.blockingReach(target, depth - 1, frame && { fn: target, call, caller: frame });
          if (sub && !this.queueGetGuardedAt(call, target, sub)) {
            found = { ...sub, steps: [{ module: fn.module, fn: fn.name, node: call, message: `'${fn.name}' calls '${target.name}'` }, ...sub.steps] };
            break;
          }
        }
      }
      return found;
    };
    return frame ? compute() : this.memo(this.blocking, fn, depth, compute);
  }

  /** Whether a reach ends in an address lookup, whose arguments may decide that it looks up nothing. */
  endsInNameLookup(reach: Reach): boolean {
    const last = reach.steps[reach.steps.length - 1];
    return !!last && last.node.type === 'call' && NAME_LOOKUPS.has(externalName(this.callee(last.node, last.module)) ?? '');
  }

  /** Heavy CPU work in `fn`'s own body, or reached from it. */
  heavyReach(fn: PyFunction, depth = MAX_CHAIN): Reach | null {
    return this.memo(this.heavy, fn, depth, () => {
      const own = this.heavyWorkIn(fn);
      if (own) return { what: own.what, steps: [{ module: fn.module, fn: fn.name, node: own.node, message: `'${fn.name}': ${own.what}` }] };
      if (this.isExponential(fn)) return { what: 'exponential recursion', steps: [{ module: fn.module, fn: fn.name, node: fn.node, message: `'${fn.name}' calls itself two or more times per call` }] };
      for (const call of ownCalls(fn)) {
        const target = this.calledPlainFunction(call, fn.module);
        if (depth <= 1 || !target || target === fn || !this.runsAt(target, call, fn.module)) continue;
        const sub = this.heavyReach(target, depth - 1);
        if (sub) return { ...sub, steps: [{ module: fn.module, fn: fn.name, node: call, message: `'${fn.name}' calls '${target.name}'` }, ...sub.steps] };
      }
      return null;
    });
  }

  /**
   * A naive `fib`: two or more self-calls that both run in one invocation, each on
   * a problem one step smaller (`n - 1`, `s[1:]`). Recursing into children (a tree
   * walk) or halves (divide and conquer) is not exponential, and is not matched.
   */
  isExponential(fn: PyFunction): boolean {
    const params = new Set(fn.params.map((p) => p.name));
    const selfCalls = ownCalls(fn).filter((c) => shrinksByConstant(c, params) && !insideLoop(c, fn) && this.calledFunction(c, fn.module) === fn);
    for (let i = 0; i < selfCalls.length; i++) {
      for (let j = i + 1; j < selfCalls.length; j++) if (!exclusive(selfCalls[i], selfCalls[j])) return true;
    }
    return false;
  }

  /**
   * Heavy work written in `fn`'s own body: nested loops over input, a busy-wait on
   * the clock, or a `while True` that never yields or exits. Loops that await are not heavy.
   */
  heavyWorkIn(fn: PyFunction): { what: string; node: PyNode; detail?: string } | undefined {
    let found: { what: string; node: PyNode; detail?: string } | undefined;
    walkOwn(fn.body, (n) => {
      if (found) return false;
      if (n.type === 'call') {
        found = pythonRegexWork(n, fn, this.resolver);
        if (found) return false;
      } else if (n.type === 'for_statement' && !n.isAsync) {
        const inner = this.nestedLoopOverInput(n, fn.module);
        if (inner) {
          found = { what: 'nested loops over input (O(n²) or worse)', node: n };
          return false;
        }
      } else if (n.type === 'while_statement') {
        const cond = child(n, 'condition');
        const body = child(n, 'body');
        if (!cond || !body || containsAwait(body)) return;
        const c = unparen(cond);
        if ((c.type === 'true' || (c.type === 'integer' && c.text === '1')) && !hasExit(body)) {
          found = { what: 'a while True loop that never awaits or exits', node: n };
          return false;
        }
        if (this.readsClock(cond, fn.module) && !this.callsAnyApi(body, fn.module)) {
          found = { what: 'a busy-wait loop polling the clock', node: n };
          return false;
        }
      }
    });
    return found;
  }

  private nestedLoopOverInput(outer: PyNode, module: PyModule): PyNode | undefined {
    const iter = child(outer, 'right');
    const body = child(outer, 'body');
    if (!iter || !body || isConstantIterable(iter, module, this.resolver)) return undefined;
    // The loop variables, and anything assigned in the loop body, are per-item data:
    // iterating over them walks nested structure, not the input again.
    const outerVars = targetNames(child(outer, 'left'));
    for (let a = outer.parent; a; a = a.parent) {
      if (a.type === 'function_definition' || a.type === 'lambda') break;
      if (a.type === 'for_statement') targetNames(child(a, 'left'), outerVars);
    }
    walkOwn(body, (n) => {
      if (n.type === 'assignment' || n.type === 'named_expression' || n.type === 'for_statement') {
        for (const name of targetNames(child(n, n.type === 'named_expression' ? 'name' : 'left'))) outerVars.add(name);
      }
    });
    let inner: PyNode | undefined;
    walkOwn(body, (n) => {
      if (inner) return false;
      if (n.type === 'for_statement' && !n.isAsync) {
        const it = child(n, 'right');
        const ib = child(n, 'body');
        if (it && ib && !isConstantIterable(it, module, this.resolver) && !derivedFrom(it, outerVars) && !containsAwait(ib)) inner = n;
      } else if (n.type === 'for_in_clause') {
        const it = child(n, 'right');
        if (it && !isConstantIterable(it, module, this.resolver) && !derivedFrom(it, outerVars)) inner = n;
      }
    });
    return inner;
  }

  private readsClock(node: PyNode, module: PyModule): boolean {
    let yes = false;
    walkSelf(node, (n) => {
      if (n.type === 'call' && CLOCKS.has(externalName(this.callee(n, module)) ?? '')) yes = true;
    });
    return yes;
  }

  /** Whether a loop body calls anything outside pure computation (sleep, I/O, an unknown function). */
  private callsAnyApi(node: PyNode, module: PyModule): boolean {
    let yes = false;
    walkOwn(node, (n) => {
      if (n.type === 'call' && !this.isPureCall(n, module)) yes = true;
    });
    return yes;
  }

  /** Calls that are known to compute without I/O or waiting. */
  isPureCall(call: PyNode, module: PyModule): boolean {
    const sym = this.callee(call, module);
    const name = externalName(sym);
    if (name && (PURE_FUNCTIONS.has(name) || PURE_MODULES.some((p) => name.startsWith(p)) || CLOCKS.has(name))) return true;
    const fnNode = child(call, 'function');
    if (fnNode?.type === 'attribute' && sym.kind === 'unknown') {
      const method = child(fnNode, 'attribute')?.text ?? '';
      const recv = child(fnNode, 'object');
      if (CONTAINER_METHODS.has(method) && recv && this.isContainer(recv, module)) return true;
    }
    return false;
  }

  /** A literal container, or a local name only ever bound to one. */
  private isContainer(node: PyNode, module: PyModule): boolean {
    const n = unparen(node);
    if (CONTAINER_LITERALS.has(n.type)) return true;
    if (n.type !== 'identifier') return false;
    const found = this.resolver.lookup(n.text!, this.resolver.scopeOf(n, module), module);
    if (!found || !found.owner) return false;
    return found.bindings.every((b) => b.kind === 'assign' && b.value && (CONTAINER_LITERALS.has(unparen(b.value).type) ||
      (unparen(b.value).type === 'call' && /^builtins\.(list|dict|set|str|bytearray)$/.test(externalName(this.callee(unparen(b.value), module)) ?? ''))));
  }

  /**
   * Whether `fn` is CPU-bound: it loops or recurses, and neither it nor anything it
   * calls does I/O, waits, or calls something Loopwise cannot see into.
   */
  cpuProfile(fn: PyFunction): CpuProfile {
    const cached = this.pure.get(fn);
    if (cached === 'busy') return { cpuBound: false, loops: false };
    if (cached) return cached;
    this.pure.set(fn, 'busy');
    let loops = false;
    let blocker: string | undefined;
    walkOwn(fn.body, (n) => {
      if (n.type === 'while_statement' || n.type === 'for_statement') {
        const it = n.type === 'for_statement' ? child(n, 'right') : undefined;
        if (!it || !isConstantIterable(it, fn.module, this.resolver)) loops = true;
      }
      if (n.type === 'await' || n.type === 'yield') blocker = 'await/yield';
    });
    for (const call of ownCalls(fn)) {
      if (blocker) break;
      const target = this.calledFunction(call, fn.module);
      if (target === fn) { loops = true; continue; }
      if (target && this.runsInline(target)) {
        const sub = this.cpuProfile(target);
        if (sub.blocker) blocker = sub.blocker;
        else if (sub.loops) loops = true;
        continue;
      }
      if (this.isPureCall(call, fn.module)) continue;
      const api = this.blockingApi(call, fn.module);
      blocker = api ? api.label : `a call to '${textOf(fn.module, child(call, 'function'))}'`;
    }
    const profile: CpuProfile = { cpuBound: loops && !blocker && !fn.isAsync, loops, blocker };
    this.pure.set(fn, profile);
    return profile;
  }

  /** A process or process pool started by `fn`, directly or through its callees. */
  processReach(fn: PyFunction, depth = MAX_CHAIN + 1): Reach | null {
    return this.memo(this.spawns, fn, depth, () => {
      const calls = ownCalls(fn);
      for (const call of calls) {
        const what = this.startsProcesses(call, fn.module);
        if (what) return { what, steps: [{ module: fn.module, fn: fn.name, node: call, message: `'${fn.name}' starts ${what}` }] };
      }
      for (const call of calls) {
        const target = this.calledFunction(call, fn.module);
        if (depth <= 1 || !target || target === fn || !this.runsInline(target)) continue;
        const sub = this.processReach(target, depth - 1);
        if (sub) return { ...sub, steps: [{ module: fn.module, fn: fn.name, node: call, message: `'${fn.name}' calls '${target.name}'` }, ...sub.steps] };
      }
      return null;
    });
  }

  /** `ProcessPoolExecutor(...)`, `multiprocessing.Pool(...)` or `<Process>.start()`: what the call starts. */
  startsProcesses(call: PyNode, module: PyModule): string | undefined {
    const sym = this.callee(call, module);
    if (sym.kind === 'external' && PROCESS_EXECUTORS.has(sym.qname)) return `a ${shortName(sym.qname)}`;
    if (sym.kind === 'method' && sym.name === 'start' && sym.type === 'multiprocessing.Process') return 'a Process';
    if (sym.kind === 'function' && sym.bound && sym.fn.name === 'start') {
      if (this.resolver.externalType(sym.bound) === 'multiprocessing.Process') return 'a Process';
    }
    if (sym.kind === 'method' && sym.name === 'start' && sym.type !== 'multiprocessing.Process') return undefined;
    return undefined;
  }

  /** A reach memoised per function and depth (a shallower search can miss what a deeper one finds). */
  private memo(memo: ReachMemo<string, Reach>, fn: PyFunction, depth: number, compute: () => Reach | null): Reach | null {
    let id = this.ids.get(fn);
    if (id === undefined) this.ids.set(fn, (id = this.nextId++));
    return memo.get(`${id}:${depth}`, compute);
  }
}

export interface CpuProfile {
  cpuBound: boolean;
  loops: boolean;
  /** Why it is not CPU-bound: the first I/O, wait or opaque call. */
  blocker?: string;
}
