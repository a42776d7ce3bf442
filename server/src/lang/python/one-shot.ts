/**
 * Code that is not on a hot path, by positive evidence rather than by name:
 *
 * - **Server start-up and shutdown.** An async function that binds a listening
 *   server in its own body (`loop.create_server`, `asyncio.start_server`,
 *   `trio.serve_tcp`, `socket.create_server`, …) runs once per server: what it does
 *   outside a loop (load config, create the sockets, restore
 *   permissions, exec the reloader after shutdown) happens once, before or after it
 *   serves, not per request. Its handlers are other functions and are still read.
 * - **A loop's main coroutine.** `asyncio.run(main())`, `loop.run_until_complete(main())`,
 *   `trio.run(main)`, `anyio.run(main)`, tornado's `IOLoop.run_sync(main)` (also of a
 *   bound method, `loop.run_sync(self.launch_async)`): `main`'s straight-line code runs once per
 *   run, whether `main` is a module's function or nested in the function that runs
 *   it. An async function is one-shot when every use of it in the workspace is
 *   such a run, or an `await` of it in the straight-line code of a one-shot or
 *   start-up function (the call graph, followed a few levels up). `super().name(…)`
 *   in the method's own class names a base class's method, not this one; in another
 *   class it can reach this one only when some workspace class derives from its class.
 * - **Shutdown.** An async function used only in the callback handed to
 *   `loop.add_signal_handler`, `signal.signal` or `atexit.register` runs at a signal
 *   or at exit.
 * - **Test support.** A module that pytest's conventions make test code (a `tests`
 *   or `testing` package or module, `test_*.py`, `*_test.py`, `conftest.py`), or a
 *   module that only the package's shipped test support imports (asyncpg's `cluster`,
 *   imported by `_testbase`): its async functions are not the product's request path.
 *
 * Fixtures: test-fixtures/rules/blocking-call-in-async/startup.py, ok_startup.py,
 * dbpkg/ and servers/.
 */
import type { PyClass, PyFunction, PyModule } from './model';
import { externalName, type PyResolver, type Sym } from './resolve';
import type { PyWorkspaceScan } from './rule-context';
import { child, type PyNode, walkAll, walkOwn } from './syntax';
import type { PyWorkspace } from './workspace';

/** Calls (or callables handed to a call) that bind a listening server. */
const SERVER_STARTS = new Set([
  'asyncio.start_server', 'asyncio.start_unix_server',
  'asyncio.AbstractEventLoop.create_server', 'asyncio.AbstractEventLoop.create_unix_server',
  'socket.create_server', 'socket.socket.listen',
  'trio.serve_tcp', 'trio.serve_listeners', 'trio.serve_ssl_over_tcp', 'trio.open_tcp_listeners', 'trio.open_ssl_over_tcp_listeners', 'trio.SocketListener',
  'anyio.create_tcp_listener', 'anyio.create_unix_listener',
  'websockets.serve', 'websockets.unix_serve', 'websockets.server.serve', 'websockets.server.unix_serve',
]);

/** Calls that run a coroutine as an event loop's main task, and whether they take the coroutine (`asyncio.run(main())`) or the function (`trio.run(main)`). */
const LOOP_RUNNERS: Record<string, 'coroutine' | 'function'> = {
  'asyncio.run': 'coroutine',
  'asyncio.AbstractEventLoop.run_until_complete': 'coroutine',
  'asyncio.Runner.run': 'coroutine',
  'trio.run': 'function',
  'anyio.run': 'function',
  // tornado: `IOLoop.current().run_sync(main)` runs `main` to completion, once, as the loop's first task.
  'tornado.ioloop.IOLoop.run_sync': 'function',
};

/** Registrations whose callback runs once, at a signal or at exit (shutdown paths). */
const SHUTDOWN_REGISTRARS = new Set(['asyncio.AbstractEventLoop.add_signal_handler', 'signal.signal', 'atexit.register']);

/** How many callers up the one-shot search follows. */
const MAX_UP = 3;

/** Module-name segments that pytest's conventions (and common practice) make test code. */
const TEST_SEGMENT = /^(?:_*tests?|_*testing|_*testbase|_*test_?utils|_*test_?support|conftest|test_\w+|\w+_test)$/;

export interface OneShotFacts {
  resolver: PyResolver;
  workspace: PyWorkspace;
  scan: PyWorkspaceScan;
}

const memo = new WeakMap<PyFunction, { generation: number; value: boolean }>();
const testMemo = new WeakMap<PyModule, { generation: number; value: boolean }>();

/**
 * Whether `node` runs once per run of `fn`: not inside a loop or a comprehension of
 * `fn`'s body. A `for` over pages in a script's main coroutine is its work loop, the
 * hot path of that script, not its start-up.
 */
export function runsOnceIn(node: PyNode, fn: PyFunction): boolean {
  for (let n: PyNode | null = node.parent; n && n !== fn.body && n !== fn.node; n = n.parent) {
    if (n.type === 'while_statement' || n.type === 'for_statement' || n.type === 'for_in_clause') return false;
  }
  return true;
}

/** Whether `fn` binds a listening server in its own body (once, or once per listening socket). */
export function startsServer(fn: PyFunction, resolver: PyResolver): boolean {
  let yes = false;
  walkOwn(fn.body, (n) => {
    if (yes) return false;
    if (n.type !== 'call' || inRepeatingLoop(n, fn)) return;
    const callee = child(n, 'function');
    const args = child(n, 'arguments');
    const handed = args ? args.children.filter((a) => a.type === 'identifier' || a.type === 'attribute') : [];
    for (const e of callee ? [callee, ...handed] : handed) {
      if (SERVER_STARTS.has(externalName(resolver.resolve(e, fn.module)) ?? '')) yes = true;
    }
  });
  return yes;
}

function inRepeatingLoop(node: PyNode, fn: PyFunction): boolean {
  for (let n: PyNode | null = node.parent; n && n !== fn.body && n !== fn.node; n = n.parent) {
    if (n.type === 'while_statement' || (n.type === 'for_statement' && n.isAsync)) return true;
  }
  return false;
}

/**
 * Whether `call`, in async `fn`, is start-up, shutdown or one-shot work: `fn` binds
 * a server or is one-shot (see the header), and `call` is not in a repeating loop.
 */
export function isOneShotCall(call: PyNode, fn: PyFunction, facts: OneShotFacts): boolean {
  if (!runsOnceIn(call, fn)) return false;
  return startsServer(fn, facts.resolver) || isOneShotFunction(fn, facts, 0);
}

/**
 * An async function whose every use in the workspace runs it once per program run:
 * as a loop's main coroutine, or awaited once by a one-shot or start-up function.
 */
export function isOneShotFunction(fn: PyFunction, facts: OneShotFacts, up: number): boolean {
  if (!fn.isAsync || fn.isLambda) return false;
  const gen = facts.workspace.generation;
  const known = memo.get(fn);
  if (known && known.generation === gen) return known.value;
  memo.set(fn, { generation: gen, value: false });
  const value = up <= MAX_UP && usesAllOneShot(fn, facts, up);
  memo.set(fn, { generation: gen, value });
  return value;
}

function usesAllOneShot(fn: PyFunction, facts: OneShotFacts, up: number): boolean {
  return everyUse(fn, facts, (ref, module) => useRunsOnce(ref, module, facts, up));
}

/**
 * Whether every use of `fn` in the product's workspace code (at least one) passes
 * `accept`. A use is a reference the resolver ties to `fn`, or one it cannot type
 * that may still be `fn` (mayBeUseOf). Uses in test support do not count: tests
 * run the product's code, not its own run.
 */
function everyUse(fn: PyFunction, facts: OneShotFacts, accept: (ref: PyNode, module: PyModule) => boolean): boolean {
  // A nested function (mitmproxy's `def run(): async def main(): …; asyncio.run(main())`) is
  // named only inside the function that defines it: its uses are there, or nowhere.
  const files = fn.parent ? [fn.module.file] : [fn.module.file, ...facts.scan.filesMentioning([fn.name], fn.module.file).filter((f) => f !== fn.module.file)];
  let uses = 0;
  for (const file of files) {
    const module = file === fn.module.file ? fn.module : facts.workspace.tryGetModule(file);
    if (!module) return false;
    if (module !== fn.module && isTestSupportModule(module, facts)) continue;
    let ok = true;
    walkAll(fn.parent ? fn.parent.node : module.root, (n) => {
      if (!ok) return false;
      const name = n.type === 'identifier' ? n : n.type === 'attribute' ? child(n, 'attribute') : undefined;
      if (!name || name.text !== fn.name || n === child(fn.node, 'name')) return true;
      if (n.type === 'identifier' && n.parent?.type === 'attribute' && n.field === 'attribute') return true; // seen as its attribute
      if (n.type === 'identifier' && (n.parent?.type === 'function_definition' || n.parent?.type === 'keyword_argument' && n.field === 'name')) return true;
      if (inImport(n)) return true;
      if (isSuperCallInOwnClass(n, fn, module) || (isSuperCall(n) && !hasSubclass(fn, facts))) return true;
      const sym = facts.resolver.resolve(n, module);
      if (sym.kind === 'function' && sym.fn !== fn) return true;
      if (sym.kind === 'function' || (sym.kind === 'unknown' && mayBeUseOf(n, module, fn, facts))) {
        uses++;
        if (!accept(n, module)) ok = false;
      }
      return true;
    });
    if (!ok) return false;
  }
  return uses > 0;
}

/**
 * Whether `ref`, a reference named like method-or-function `fn` that the resolver
 * cannot type, may still be `fn`. A bare name can name a method only in its class
 * body (elsewhere it is a local, `start = time.perf_counter()`). `obj.name` can be
 * the method only if `obj` may be an instance of its class: not when `obj` has a
 * known other type (`pc = PeriodicCallback(…); pc.start()`), and, when `obj` is
 * untypable, only where instances of the class can be: in a module that imports the
 * class's module, or anywhere when the class's name is used as a value (constructed,
 * stored, handed on) outside its own class, or a product class derives from it.
 */
function mayBeUseOf(ref: PyNode, module: PyModule, fn: PyFunction, facts: OneShotFacts): boolean {
  const cls = fn.cls;
  if (!cls) return true;
  if (ref.type === 'identifier') return !(ref.parent?.type === 'assignment' && ref.field === 'left') && inClassBody(ref, cls);
  const obj = child(ref, 'object');
  if (!obj) return true;
  const made = madeBy(obj, module, facts.resolver);
  // `self = cls.instance()`, `app = C.create()`: a factory of the class (or a subclass) makes it.
  if (made.some((root) => root.kind === 'class' && (root.cls === cls || derivesFrom(root.cls, cls, facts.resolver, 0)))) return true;
  if (made.length > 0 && made.every((root) => root.kind === 'external')) return false;
  return symMayBeInstanceOf(facts.resolver.resolve(obj, module), cls, module, facts);
}

/**
 * What the callee of each assignment of local `obj` starts from, when every
 * assignment in its function is a call: `pc = PeriodicCallback(…)` starts from an
 * external class (not an instance of a workspace class, whatever its type);
 * `self = cls.instance()` from the class itself. Empty when one is not a call.
 */
function madeBy(obj: PyNode, module: PyModule, resolver: PyResolver): Sym[] {
  if (obj.type !== 'identifier' || !obj.text) return [];
  const bindings = resolver.scopeOf(obj, module)?.locals.get(obj.text);
  if (!bindings || bindings.length === 0) return [];
  const roots: Sym[] = [];
  for (const b of bindings) {
    if (b.kind !== 'assign' || b.value?.type !== 'call') return [];
    let root = child(b.value, 'function');
    while (root && root.type === 'attribute') root = child(root, 'object');
    if (root?.type !== 'identifier') return [];
    roots.push(resolver.resolve(root, module));
  }
  return roots;
}

function symMayBeInstanceOf(sym: Sym, cls: PyClass, module: PyModule, facts: OneShotFacts): boolean {
  switch (sym.kind) {
    case 'unknown': return instancesReach(cls, module, facts);
    case 'union': return sym.members.some((m) => symMayBeInstanceOf(m, cls, module, facts));
    case 'instance': return 'cls' in sym.type && (sym.type.cls === cls || derivesFrom(sym.type.cls, cls, facts.resolver, 0));
    case 'class': return sym.cls === cls || derivesFrom(sym.cls, cls, facts.resolver, 0);
    default: return false;
  }
}

function inClassBody(ref: PyNode, cls: PyClass): boolean {
  for (let p = ref.parent; p; p = p.parent) {
    if (p.type === 'function_definition' || p.type === 'lambda') return false;
    if (p.type === 'class_definition') return p === cls.node;
  }
  return false;
}

const reachMemo = new WeakMap<PyClass, { generation: number; handedOut: boolean; modules: Map<PyModule, boolean> }>();

/** Whether instances of `cls` may be values in `module` (see mayBeUseOf). */
function instancesReach(cls: PyClass, module: PyModule, facts: OneShotFacts): boolean {
  const gen = facts.workspace.generation;
  let known = reachMemo.get(cls);
  if (!known || known.generation !== gen) {
    reachMemo.set(cls, (known = { generation: gen, handedOut: false, modules: new Map() }));
    known.handedOut = nameUsedAsValue(cls, facts) || hasProductSubclass(cls, facts);
  }
  if (known.handedOut) return true;
  let value = known.modules.get(module);
  if (value === undefined) known.modules.set(module, (value = module !== cls.module && imports(module, cls.module, facts.workspace)));
  return value;
}

/**
 * The class's name used as a value in product code outside its own class: `C(…)`,
 * `x = C`, `register(C)`. Not `C.attribute` (a class-level call such as
 * `C.launch_instance`), a base-class list, an import or `isinstance(x, C)`, nor
 * handing the class to a call outside the workspace (`app.classes.append(C)`, a
 * configurable-class list): an instance made there comes back only through that
 * library, which the workspace code does not type either.
 */
function nameUsedAsValue(cls: PyClass, facts: OneShotFacts): boolean {
  for (const file of [cls.module.file, ...facts.scan.filesMentioning([cls.name], cls.module.file).filter((f) => f !== cls.module.file)]) {
    const other = file === cls.module.file ? cls.module : facts.workspace.tryGetModule(file);
    if (!other) return true;
    if (other !== cls.module && isTestSupportModule(other, facts)) continue;
    let yes = false;
    walkAll(other.root, (n) => {
      if (yes) return false;
      if (n.type !== 'identifier' || n.text !== cls.name || n === child(cls.node, 'name')) return true;
      const p = n.parent;
      if (p?.type === 'attribute' && (n.field === 'attribute' || n.field === 'object')) return true;
      if (p?.type === 'argument_list' && p.parent?.type === 'class_definition') return true;
      if (inImport(n) || isTypeTest(n, other, facts.resolver) || handedOutside(n, other, facts.resolver)) return true;
      const sym = facts.resolver.resolve(n, other);
      if (sym.kind === 'class' && sym.cls === cls && !constructedIntoPrivateLocal(n, other, facts.resolver)) yes = true;
      return true;
    });
    if (yes) return true;
  }
  return false;
}

/**
 * `hub = C(parent=self)` where `hub` is then used only as `hub.attribute`: the
 * instance stays in that local, whose calls the resolver types.
 */
function constructedIntoPrivateLocal(name: PyNode, module: PyModule, resolver: PyResolver): boolean {
  const call = name.parent?.type === 'call' && name.field === 'function' ? name.parent : undefined;
  const assign = call?.parent?.type === 'assignment' && call.field === 'right' ? call.parent : undefined;
  const target = assign && child(assign, 'left');
  const scope = resolver.scopeOf(name, module);
  if (!target || target.type !== 'identifier' || !scope) return false;
  let private_ = true;
  walkAll(scope.body, (n) => {
    if (!private_) return false;
    if (n.type !== 'identifier' || n.text !== target.text || n === target) return true;
    if (!(n.parent?.type === 'attribute' && n.field === 'object')) private_ = false;
    return true;
  });
  return private_;
}

function handedOutside(n: PyNode, module: PyModule, resolver: PyResolver): boolean {
  const list = n.parent?.type === 'keyword_argument' ? n.parent.parent : n.parent;
  if (list?.type !== 'argument_list' || list.parent?.type !== 'call') return false;
  const callee = child(list.parent, 'function');
  const sym = callee ? resolver.resolve(callee, module) : undefined;
  return !!sym && sym.kind !== 'function' && sym.kind !== 'class' && sym.kind !== 'union';
}

function isTypeTest(n: PyNode, module: PyModule, resolver: PyResolver): boolean {
  let list = n.parent;
  if (list?.type === 'tuple') list = list.parent;
  if (list?.type !== 'argument_list' || list.parent?.type !== 'call') return false;
  const callee = child(list.parent, 'function');
  const name = callee && externalName(resolver.resolve(callee, module));
  return name === 'builtins.isinstance' || name === 'builtins.issubclass';
}

/** A product (non-test) workspace class that derives from `cls`. */
function hasProductSubclass(cls: PyClass, facts: OneShotFacts): boolean {
  for (const file of [cls.module.file, ...facts.scan.filesMentioning([cls.name], cls.module.file).filter((f) => f !== cls.module.file)]) {
    const other: PyModule | undefined = file === cls.module.file ? cls.module : facts.workspace.tryGetModule(file);
    if (!other) return true;
    if (isTestSupportModule(other, facts)) continue;
    for (const c of other.classes as PyClass[]) if (c !== cls && derivesFrom(c, cls, facts.resolver, 0)) return true;
  }
  return false;
}

const teardownMemo = new WeakMap<PyFunction, { generation: number; value: boolean }>();

/**
 * An async function that only tears something down: every use of it in the
 * workspace is awaited, outside a loop, by an object's `__aexit__`, by another
 * teardown function, by a one-shot function, in a shutdown registration, or on an
 * object the awaiting function made itself (`zc = aiozc or AsyncZeroconf(…)` …
 * `await zc.async_close()`: the end of that object's life). Teardown runs once per
 * object, not per request: the rule reports what blocks there only with hot-path
 * evidence (hot-path.ts), as for bounded file work.
 */
export function isTeardownFunction(fn: PyFunction, facts: OneShotFacts, up = 0): boolean {
  if (!fn.isAsync || fn.isLambda || fn.name === '__aexit__') return false;
  const gen = facts.workspace.generation;
  const known = teardownMemo.get(fn);
  if (known && known.generation === gen) return known.value;
  teardownMemo.set(fn, { generation: gen, value: false });
  const value = up <= MAX_UP && everyUse(fn, facts, (ref, module) => useTearsDown(ref, module, fn, facts, up));
  teardownMemo.set(fn, { generation: gen, value });
  return value;
}

function useTearsDown(ref: PyNode, module: PyModule, fn: PyFunction, facts: OneShotFacts, up: number): boolean {
  if (inShutdownRegistration(ref, module, facts.resolver)) return true;
  const made = ref.parent?.type === 'call' && ref.field === 'function' ? ref.parent : undefined;
  if (made?.parent?.type !== 'await') return false;
  const caller = enclosingFunction(made, module);
  if (!caller || !caller.isAsync || !runsOnceIn(made, caller)) return false;
  if (caller.cls && caller.name === '__aexit__') return true;
  if (fn.cls && ref.type === 'attribute' && madeHere(child(ref, 'object'), caller, fn.cls, facts.resolver)) return true;
  return isTeardownFunction(caller, facts, up + 1) || isOneShotFunction(caller, facts, up + 1);
}

/** `x = C(…)` or `x = given or C(…)` in `caller`, for the receiver `x` of a call there. */
function madeHere(obj: PyNode | undefined, caller: PyFunction, cls: PyClass, resolver: PyResolver): boolean {
  if (obj?.type !== 'identifier' || !obj.text) return false;
  const bindings = caller.locals.get(obj.text);
  if (!bindings || bindings.length === 0) return false;
  return bindings.some((b) => {
    if (b.kind !== 'assign' || !b.value) return false;
    let yes = false;
    walkAll(b.value, (n) => {
      if (yes || n.type === 'lambda') return false;
      const callee = n.type === 'call' ? child(n, 'function') : undefined;
      const sym = callee && resolver.resolve(callee, caller.module);
      if (sym?.kind === 'class' && (sym.cls === cls || derivesFrom(sym.cls, cls, resolver, 0))) yes = true;
      return true;
    });
    return yes;
  });
}

/**
 * `super().initialize(...)` in a method of `fn`'s own class: `super()` starts the
 * lookup after that class, so it names a base class's method, never `fn`.
 */
function isSuperCallInOwnClass(ref: PyNode, fn: PyFunction, module: PyModule): boolean {
  if (!fn.cls || ref.type !== 'attribute' || module !== fn.module) return false;
  const obj = child(ref, 'object');
  const callee = obj?.type === 'call' ? child(obj, 'function') : undefined;
  if (callee?.type !== 'identifier' || callee.text !== 'super') return false;
  for (let n: PyNode | null = ref.parent; n; n = n.parent) {
    if (n.type === 'class_definition') return n === fn.cls.node;
  }
  return false;
}

function isSuperCall(ref: PyNode): boolean {
  const obj = ref.type === 'attribute' ? child(ref, 'object') : undefined;
  const callee = obj?.type === 'call' ? child(obj, 'function') : undefined;
  return callee?.type === 'identifier' && callee.text === 'super';
}

/**
 * Whether a workspace class derives from `fn`'s class. Without one, `super().name`
 * in another class cannot reach `fn`: only a class whose MRO holds `fn`'s class
 * after it could.
 */
function hasSubclass(fn: PyFunction, facts: OneShotFacts): boolean {
  const cls = fn.cls;
  if (!cls) return true;
  for (const file of [cls.module.file, ...facts.scan.filesMentioning([cls.name], cls.module.file).filter((f) => f !== cls.module.file)]) {
    const other: PyModule | undefined = file === cls.module.file ? cls.module : facts.workspace.tryGetModule(file);
    if (!other) return true;
    for (const c of other.classes as PyClass[]) if (c !== cls && derivesFrom(c, cls, facts.resolver, 0)) return true;
  }
  return false;
}

function derivesFrom(c: PyClass, base: PyClass, resolver: PyResolver, depth: number): boolean {
  if (depth > 8) return true;
  for (const b of c.bases) {
    const s = resolver.resolve(b, c.module);
    if (s.kind === 'unknown' && b.text?.split('.').pop() === base.name) return true;
    if (s.kind === 'class' && (s.cls === base || (s.cls !== c && derivesFrom(s.cls, base, resolver, depth + 1)))) return true;
  }
  return false;
}

/** A use of an async function (its name `ref`) that runs it once: see isOneShotFunction. */
function useRunsOnce(ref: PyNode, module: PyModule, facts: OneShotFacts, up: number): boolean {
  const parent = ref.parent;
  const runner = (call: PyNode | null | undefined, as: 'coroutine' | 'function') => {
    if (call?.type !== 'argument_list' || call.parent?.type !== 'call') return false;
    const outer = call.parent;
    const callee = child(outer, 'function');
    if (!callee) return false;
    if (LOOP_RUNNERS[externalName(facts.resolver.resolve(callee, module)) ?? ''] !== as) return false;
    return call.children.find((c) => c.type !== 'keyword_argument' && c.type !== 'comment') !== undefined;
  };
  if (runner(parent, 'function')) return true;
  if (inShutdownRegistration(ref, module, facts.resolver)) return true;
  if (parent?.type !== 'call' || ref.field !== 'function') return false;
  const made = parent;
  if (runner(made.parent, 'coroutine')) return true;
  if (made.parent?.type !== 'await') return false;
  const caller = enclosingFunction(made, module);
  if (!caller || !caller.isAsync || !runsOnceIn(made, caller)) return false;
  return startsServer(caller, facts.resolver) || isOneShotFunction(caller, facts, up + 1);
}

/**
 * `loop.add_signal_handler(SIGTERM, lambda: asyncio.create_task(shutdown()))`,
 * `signal.signal(...)`, `atexit.register(...)`: the use is in the callback such a
 * registration is handed, which runs at a signal or at exit.
 */
function inShutdownRegistration(ref: PyNode, module: PyModule, resolver: PyResolver): boolean {
  for (let n: PyNode | null = ref.parent; n; n = n.parent) {
    if (n.type === 'function_definition' || n.type === 'class_definition' || n.type === 'block' || n.type === 'module') return false;
    if (n.type === 'argument_list' && n.parent?.type === 'call') {
      const callee = child(n.parent, 'function');
      if (callee && SHUTDOWN_REGISTRARS.has(externalName(resolver.resolve(callee, module)) ?? '')) return true;
    }
  }
  return false;
}

function inImport(node: PyNode): boolean {
  for (let n: PyNode | null = node.parent; n; n = n.parent) {
    if (n.type === 'import_statement' || n.type === 'import_from_statement') return true;
    if (n.type.endsWith('_statement') || n.type === 'block') return false;
  }
  return false;
}

function enclosingFunction(node: PyNode, module: PyModule): PyFunction | undefined {
  for (let n: PyNode | null = node.parent; n; n = n.parent) {
    if (n.type === 'function_definition' || n.type === 'lambda') return module.functionOf.get(n);
    if (n.type === 'class_definition') return undefined;
  }
  return undefined;
}

/**
 * A module that is test code by pytest's conventions (a segment of its dotted name
 * is `tests`, `testing`, `test_*`, `*_test`, `conftest`…), or one that workspace
 * modules import only from such test code.
 */
export function isTestSupportModule(module: PyModule, facts: OneShotFacts): boolean {
  const gen = facts.workspace.generation;
  const known = testMemo.get(module);
  if (known && known.generation === gen) return known.value;
  testMemo.set(module, { generation: gen, value: false });
  const value = isTestByName(module) || importedOnlyByTests(module, facts);
  testMemo.set(module, { generation: gen, value });
  return value;
}

function isTestByName(module: PyModule): boolean {
  const stem = module.file.replace(/\\/g, '/').split('/').pop()?.replace(/\.pyi?$/, '') ?? '';
  return [...module.name.split('.'), stem].some((s) => TEST_SEGMENT.test(s));
}

/**
 * Imported only by the package's shipped test support (`_testbase`, `testing`,
 * `testutils`), not by product code. Test files themselves (`tests/`, `test_*.py`)
 * do not count as the only importers: in a checkout they import the public modules
 * they test, and those modules are the product's (starlette's `staticfiles` is
 * imported only by its tests, and serves every static request).
 */
function importedOnlyByTests(module: PyModule, facts: OneShotFacts): boolean {
  const word = module.name.split('.').pop();
  if (!word || word === '__init__' || word === '__main__') return false;
  let importers = 0;
  for (const file of facts.scan.filesMentioning([word], module.file)) {
    if (file === module.file) continue;
    const other = facts.workspace.tryGetModule(file);
    if (!other || !imports(other, module, facts.workspace)) continue;
    if (!isTestByName(other) || isTestFile(other)) return false;
    importers++;
  }
  return importers > 0;
}

/** A test file pytest would collect, or a module in a `tests`/`test` package. */
function isTestFile(module: PyModule): boolean {
  const stem = module.file.replace(/\\/g, '/').split('/').pop()?.replace(/\.pyi?$/, '') ?? '';
  return /^test_\w+$|^\w+_test$/.test(stem) || module.name.split('.').some((s) => /^_*tests?$/.test(s));
}

/** Whether `importer` imports `target` anywhere (at module level or in a function). */
function imports(importer: PyModule, target: PyModule, workspace: PyWorkspace): boolean {
  const scopes = [importer.globals, ...importer.functions.map((f) => f.locals)];
  for (const scope of scopes) {
    for (const bindings of scope.values()) {
      for (const b of bindings) {
        if (b.kind !== 'import') continue;
        // `from pkg.mod import name` binds `pkg.mod.name`: the module is its prefix.
        const names = [b.qname, b.qname.split('.').slice(0, -1).join('.')].filter(Boolean);
        // `import pkg.mod` binds `pkg`; the statement names the module itself.
        if (b.node.type === 'dotted_name' && b.node.parent?.type === 'import_statement') names.push(b.node.children.map((c) => c.text).join('.'));
        if (names.some((q) => workspace.findModule(q, importer.file) === target)) return true;
      }
    }
  }
  return false;
}
