/**
 * Facts about workspace functions that follow calls across functions and files:
 * does calling this function block, does it do heavy CPU work, is it CPU-bound
 * without I/O, does it start processes. Each fact is computed once per function
 * (per workspace generation) and carries the chain of calls that leads to it,
 * which becomes the diagnostic's related information.
 */
import { ReachMemo } from '../../core/reachability';
import { isCachedFunction, isMemoisedCall, isOnErrorPath } from './memo-guard';
import { type BlockingApi, blockingApiNamed, PROCESS_EXECUTORS, PURE_FUNCTIONS, PURE_MODULES } from './apis';
import { applyArguments, openedInSameFunction } from './blocking-args';
import { blockingRuledOutHere } from './call-context';
import { containsAwait, functionOfSym, ownCalls } from './call-graph/calls';
import { CONTAINER_LITERALS, derivedFrom, exclusive, hasExit, insideLoop, isConstantIterable, shrinksByConstant, targetNames } from './call-graph/loop-facts';
import { type Reach, shortName, stepAt, textOf } from './call-graph/reach';
import { PyDataOrigins, type Origin } from './call-graph/data-origin';
import { isGenerator, iteratedWhereMade } from './generators';
import type { PyFunction, PyModule } from './model';
import { type CallFrame, inUntakenBranch, looksUpNoName, NAME_LOOKUPS } from './name-lookup';
import { queueProvenNonEmpty } from './queue-guard';
import { pythonRegexWork } from './call-graph/regexes';
import { candidates, externalName, type PyResolver, type Sym } from './resolve';
import { child, dottedName, type PyNode, unparen, walkOwn, walkSelf } from './syntax';

/** Decorators that leave a function's body running where it is called. */
const TRANSPARENT_DECORATORS = /^@\s*(?:staticmethod|classmethod|property|[\w.]*\.setter|functools\.wraps\b|wraps\b|functools\.(?:lru_)?cache|(?:lru_)?cache|abc\.abstractmethod|abstractmethod|override|typing\.override)/;

const CLOCKS = new Set(['time.time', 'time.monotonic', 'time.perf_counter', 'time.time_ns', 'time.monotonic_ns', 'time.perf_counter_ns', 'datetime.datetime.now', 'datetime.datetime.utcnow']);

/** Methods of builtin containers and strings: calling them is computation, not I/O. */
const CONTAINER_METHODS = new Set([
  'append', 'extend', 'insert', 'pop', 'popleft', 'appendleft', 'add', 'discard', 'remove', 'update', 'items', 'keys',
  'values', 'copy', 'count', 'index', 'sort', 'split', 'strip', 'lstrip', 'rstrip', 'join', 'lower', 'upper', 'replace',
  'startswith', 'endswith', 'setdefault', 'isdigit', 'isalpha', 'bit_length', 'find',
]);

export class PyCallGraph {
  private blocking = new ReachMemo<string, Reach>();
  private blockingUnbounded = new ReachMemo<string, Reach>();
  private heavy = new ReachMemo<string, Reach>();
  private pure = new Map<PyFunction, CpuProfile | 'busy'>();
  private spawns = new ReachMemo<string, Reach>();
  private ids = new WeakMap<PyFunction, number>();
  private nextId = 0;
  private generation = -1;
  /** From `loopwise.blockingApis.extra`, as `module.name` or `module.Class.method`. */
  private extra = new Map<string, BlockingApi>();
  private extraKey = '';

  /** Where iterables come from: input, structure or unknown. */
  readonly origins: PyDataOrigins;

  constructor(readonly resolver: PyResolver) {
    this.origins = new PyDataOrigins(resolver);
  }

  /** Drops memoised facts when the workspace or the extra blocking APIs changed. */
  sync(extraApis: readonly string[]): void {
    const key = extraApis.join('\n');
    if (this.generation !== this.resolver.workspace.generation || key !== this.extraKey) {
      this.blocking.clear();
      this.blockingUnbounded.clear();
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
        this.extra.set(qname, { label: `${name}()`, alternative: 'an asynchronous alternative, or await asyncio.to_thread(...)' });
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
   * The workspace functions a call may run, without constructors: the one
   * `calledPlainFunction` gives, or each method of a receiver that may be one of
   * several classes (`x = A() if c else B()`, `r: A | B`). A member of unknown type adds none.
   */
  calledPlainFunctions(call: PyNode, module: PyModule): PyFunction[] {
    const out: PyFunction[] = [];
    for (const s of candidates(this.callee(call, module))) if (s.kind === 'function' && !out.includes(s.fn)) out.push(s.fn);
    return out;
  }

  /**
   * The blocking API a call invokes directly, honouring `timeout=`/`blocking=False`
   * exemptions and lookups of no name. `frame`, when given, binds the parameters of
   * the function the call is made in to the arguments it was called with.
   */
  blockingApi(call: PyNode, module: PyModule, frame?: CallFrame): BlockingApi | undefined {
    // A receiver that may be one of several types blocks when any of them does.
    for (const sym of candidates(this.callee(call, module))) {
      const api = this.blockingApiNamed(externalName(sym), call, module, frame);
      if (api) return api;
    }
    return undefined;
  }

  private blockingApiNamed(name: string | undefined, call: PyNode, module: PyModule, frame?: CallFrame): BlockingApi | undefined {
    if (!name) return undefined;
    const api = blockingApiNamed(name) ?? this.extra.get(name);
    // getaddrinfo with no host, an IP address or AI_NUMERICHOST does no lookup, so it returns at once.
    if (NAME_LOOKUPS.has(name) && looksUpNoName(name, call, module, this.resolver, frame)) return undefined;
    if (!api) return undefined;
    if (name === 'queue.Queue.put' && !this.isBoundedQueue(call, module)) return undefined;
    if (name === 'queue.Queue.get' && this.getFindsItem(call)) return undefined;
    if (api.openedHereIsRoot && openedInSameFunction(call, module, this.resolver)) return undefined;
    if (blockingRuledOutHere(call, module, this.resolver)) return undefined;
    return applyArguments(api, call, module, this.resolver);
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
  queueGetGuardedAt(call: PyNode, target: PyFunction, reach: Reach, depth: number): boolean {
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
      if (sub && sub !== target && this.runsInline(sub) && this.blockingReach(sub, depth - 1)) return false;
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
   * at most `depth` functions deep (`fn` is the first; the rule's meta.chainDepth). Deeper chains run through code whose conditions
   * Loopwise cannot see (a sync wrapper that returns a coroutine when asked to), and
   * on real code they were mostly noise.
   *
   * With a `frame` (`fn` and the call that entered it), the arguments of that call
   * are followed into `fn`'s parameters, and so on down the chain; such a reach
   * belongs to one call site and is not memoised.
   *
   * With `unboundedOnly`, local file-system calls (BlockingApi.bounded) are passed
   * over: the first call that waits for something unbounded (a sleep, the network,
   * a process, another thread).
   */
  blockingReach(fn: PyFunction, depth: number, frame?: CallFrame, unboundedOnly = false): Reach | null {
    const compute = () => {
      let found: Reach | null = null;
      // Once per key, not once per call: `functools` caches what it returns.
      if (isCachedFunction(this.resolver, fn)) return null;
      const calls = ownCalls(fn).filter((call) => !isOnErrorPath(call, fn) && !isMemoisedCall(call, fn) && !(frame && inUntakenBranch(call, frame, this.resolver)));
      for (const call of calls) {
        const api = this.blockingApi(call, fn.module, frame);
        if (api && !(unboundedOnly && api.bounded)) {
          found = { what: api.label, alternative: api.alternative, why: api.why, steps: [stepAt(fn, call, api.label, `'${fn.name}' calls ${api.label}`)] };
          break;
        }
      }
      if (!found) {
        for (const call of calls) {
          if (depth <= 1) break;
          for (const target of this.calledPlainFunctions(call, fn.module)) {
            if (target === fn || !this.runsAt(target, call, fn.module)) continue;
            const sub = this.blockingReach(target, depth - 1, frame && { fn: target, call, caller: frame }, unboundedOnly);
            if (sub && !this.queueGetGuardedAt(call, target, sub, depth - 1)) {
              found = { ...sub, steps: [stepAt(fn, call, target.name, `'${fn.name}' calls '${target.name}'`), ...sub.steps] };
              break;
            }
          }
          if (found) break;
        }
      }
      return found;
    };
    return frame ? compute() : this.memo(unboundedOnly ? this.blockingUnbounded : this.blocking, fn, depth, compute);
  }

  /** Whether a reach ends in an address lookup, whose arguments may decide that it looks up nothing. */
  endsInNameLookup(reach: Reach): boolean {
    const last = reach.steps[reach.steps.length - 1];
    return !!last && last.node.type === 'call' && NAME_LOOKUPS.has(externalName(this.callee(last.node, last.module)) ?? '');
  }

  /** Heavy CPU work in `fn`'s own body, or reached from it at most `depth` functions deep (`fn` is the first). */
  heavyReach(fn: PyFunction, depth: number): Reach | null {
    return this.memo(this.heavy, fn, depth, () => {
      const own = this.heavyWorkIn(fn);
      if (own) return { what: own.what, detail: own.detail, lookup: own.lookup, steps: [stepAt(fn, own.node, own.what, `'${fn.name}': ${own.what}`)] };
      if (this.isExponential(fn)) return { what: 'exponential recursion', steps: [stepAt(fn, fn.node, fn.name, `'${fn.name}' calls itself two or more times per call`)] };
      for (const call of ownCalls(fn)) {
        const target = this.calledPlainFunction(call, fn.module);
        if (depth <= 1 || !target || target === fn || !this.runsAt(target, call, fn.module)) continue;
        const sub = this.heavyReach(target, depth - 1);
        if (sub) return { ...sub, steps: [stepAt(fn, call, target.name, `'${fn.name}' calls '${target.name}'`), ...sub.steps] };
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
  heavyWorkIn(fn: PyFunction): HeavyWorkFact | undefined {
    let found: HeavyWorkFact | undefined;
    walkOwn(fn.body, (n) => {
      if (found) return false;
      if (n.type === 'call') {
        found = pythonRegexWork(n, fn, this.resolver);
        if (found) return false;
      } else if (n.type === 'for_statement' && !n.isAsync) {
        const nest = this.nestedLoopOverInput(n, fn.module);
        if (nest) {
          const a = `'${textOf(fn.module, child(n, 'right'))}'`;
          const b = `'${textOf(fn.module, child(nest.inner, 'right'))}'`;
          const lookup = isLookup(nest.inner);
          found = {
            what: lookup ? `for each item of ${a} it scans ${b}: O(n·m)` : `nested loops over ${a} and ${b}: O(n·m)`,
            detail: `${a} is ${nest.outer.why}; ${b} is ${nest.innerOrigin.why}. Both grow with the data, so the work grows with their product.` +
              (lookup ? ` Build a dict (or set) of ${b} by the key compared once, then look each item of ${a} up: O(n + m).` : ''),
            lookup,
            node: n,
          };
          return false;
        }
      } else if (n.type === 'while_statement') {
        const cond = child(n, 'condition');
        const body = child(n, 'body');
        if (!cond || !body || containsAwait(body)) return;
        const c = unparen(cond);
        if ((c.type === 'true' || (c.type === 'integer' && c.text === '1')) && !hasExit(body) && !leftByException(n, body, fn)) {
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

  /** Two nested loops whose iterables both grow with input (see call-graph/data-origin.ts). */
  private nestedLoopOverInput(outer: PyNode, module: PyModule): { inner: PyNode; outer: Origin; innerOrigin: Origin } | undefined {
    const iter = child(outer, 'right');
    const body = child(outer, 'body');
    if (!iter || !body || isConstantIterable(iter, module, this.resolver)) return undefined;
    const outerOrigin = this.origins.of(iter, module);
    if (outerOrigin.kind !== 'input') return undefined;
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
    let inner: { inner: PyNode; outer: Origin; innerOrigin: Origin } | undefined;
    const isInput = (it: PyNode) => {
      const o = this.origins.of(it, module);
      return o.kind === 'input' ? o : undefined;
    };
    walkOwn(body, (n) => {
      if (inner) return false;
      if (n.type === 'for_statement' && !n.isAsync) {
        const it = child(n, 'right');
        const ib = child(n, 'body');
        const o = it && ib && !isConstantIterable(it, module, this.resolver) && !derivedFrom(it, outerVars) && !containsAwait(ib) && !appendsOnePerPair(ib) ? isInput(it) : undefined;
        if (o) inner = { inner: n, outer: outerOrigin, innerOrigin: o };
      } else if (n.type === 'for_in_clause') {
        const it = child(n, 'right');
        const o = it && !isConstantIterable(it, module, this.resolver) && !derivedFrom(it, outerVars) ? isInput(it) : undefined;
        if (o) inner = { inner: n, outer: outerOrigin, innerOrigin: o };
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

  /** A process or process pool started by `fn`, directly or through its callees, at most `depth` functions deep (`fn` is the first). */
  processReach(fn: PyFunction, depth: number): Reach | null {
    return this.memo(this.spawns, fn, depth, () => {
      const calls = ownCalls(fn);
      for (const call of calls) {
        const what = this.startsProcesses(call, fn.module);
        if (what) return { what, steps: [stepAt(fn, call, what, `'${fn.name}' starts ${what}`)] };
      }
      for (const call of calls) {
        const target = this.calledFunction(call, fn.module);
        if (depth <= 1 || !target || target === fn || !this.runsInline(target)) continue;
        const sub = this.processReach(target, depth - 1);
        if (sub) return { ...sub, steps: [stepAt(fn, call, target.name, `'${fn.name}' calls '${target.name}'`), ...sub.steps] };
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

/** Heavy work in one function's own body. */
export interface HeavyWorkFact {
  what: string;
  node: PyNode;
  /** For nested loops: where each iterable comes from, and the fix for a lookup. */
  detail?: string;
  /** The inner loop looks an item up (an `if a == b` or a membership test), so a dict or set by key is the fix. */
  lookup?: boolean;
}

/**
 * `for b in ys: out.append((a, b))`: the inner loop adds one output item per pair,
 * unconditionally, so the n·m work is the output itself.
 * Fixture: test-fixtures/rules/cpu-bound-on-event-loop/heavy_work.py (`pairs`).
 */
function appendsOnePerPair(body: PyNode): boolean {
  let appends = false;
  for (const statement of body.children) {
    if (statement.type !== 'expression_statement') {
      if (statement.type === 'assignment' || statement.type === 'comment') continue;
      return false;
    }
    const e = statement.children[0];
    if (e?.type === 'assignment') continue;
    const fn = e?.type === 'call' ? child(e, 'function') : undefined;
    if (fn?.type === 'attribute' && child(fn, 'attribute')?.text === 'append') appends = true;
    else return false;
  }
  return appends;
}

/**
 * `try: while True: x = q.get_nowait() except QueueEmpty: …`: the loop sits in a
 * `try` with handlers and calls something, so it ends when that call raises (a
 * drain loop), not never.
 * Fixture: test-fixtures/rules/cpu-bound-on-event-loop/ok_structure.py (`drain`).
 */
function leftByException(loop: PyNode, body: PyNode, fn: PyFunction): boolean {
  let calls = false;
  walkOwn(body, (n) => {
    if (n.type === 'call') calls = true;
  });
  if (!calls) return false;
  for (let p = loop.parent; p && p !== fn.node; p = p.parent) {
    if (p.type === 'try_statement' && p.children.some((c) => c.type === 'except_clause')) return true;
  }
  return false;
}

/** An inner loop that compares with `==` or tests membership, or a comprehension with an `if`: a lookup by key. */
function isLookup(inner: PyNode): boolean {
  let yes = false;
  walkSelf(inner, (n) => {
    if (n.type === 'comparison_operator' && (n.ops ?? []).some((op) => op === '==' || op === 'in' || op === 'is')) yes = true;
  });
  return yes;
}

export interface CpuProfile {
  cpuBound: boolean;
  loops: boolean;
  /** Why it is not CPU-bound: the first I/O, wait or opaque call. */
  blocker?: string;
}
