/**
 * Positive evidence that an async function runs on a hot, concurrent path. A
 * blocking call (a sleep, a process, a lock, the network, a stat) is worth a
 * finding only where other tasks wait while it runs, or where it repeats. The evidence,
 * for the async function that reaches the call or an async caller of it (a few
 * levels up the call graph), is one of:
 *
 * - **a request or message handler**: a callable handed to a known server
 *   registrar (aiohttp's router and route tables, starlette/fastapi routes and
 *   `@app.get`, quart/flask `@app.route`, `asyncio.start_server` and
 *   `websockets.serve` callbacks), a verb method of a class deriving from a known
 *   handler base (tornado `RequestHandler`, aiohttp `web.View`, starlette
 *   `HTTPEndpoint`…), or a function taking a parameter annotated with a known
 *   request type (aiohttp `web.Request`, starlette `Request`/`WebSocket`, tornado
 *   `HTTPServerRequest`). Names are resolved through the imports (and, when the
 *   workspace is the framework itself, by the defining module's package), never
 *   by a bare name;
 * - **per-item repetition**: the call, or a call on the chain that leads to it,
 *   runs in a `for` loop or comprehension over data (not a literal collection);
 * - **spawned per item**: a caller runs the async function (awaits it, makes a task
 *   of it, gathers it) once per item of a loop or comprehension over data;
 * - **launched beside others**: a caller runs it as a task (`asyncio.create_task`,
 *   `ensure_future`, `gather`, `asyncio.wait`, a task group's `create_task`): a
 *   background or periodic task that shares the loop
 *   with the rest of the program.
 *
 * The rule asks for this evidence for every blocking call, whatever it waits for:
 * a one-shot command whose coroutine is the loop's only task, or a start-up,
 * restart or shutdown step awaited in line, blocks nothing else.
 *
 * Fixtures: test-fixtures/rules/blocking-call-in-async/hot_path.py and ok_hot_path.py.
 */
import { canonical } from './apis';
import { blockingApiNamed } from './blocking-apis';
import { argumentFor } from './call-graph/data-origin';
import { isConstantIterable } from './call-graph/loop-facts';
import type { PyChainStep } from './call-graph/reach';
import type { PyClass, PyFunction, PyModule } from './model';
import { leavesLoopOnceDone } from './loop-exits';
import { isOneShotFunction, isTestSupportModule, type OneShotFacts } from './one-shot';
import { annotatedTypeNodes } from './receiver-types';
import { candidates, externalName, type Sym } from './resolve';
import { child, type PyNode, unparen, walkAll } from './syntax';

const VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];

/** Calls that register a request or connection handler (external, canonical names), and what the handler handles. */
const REGISTRARS = new Map<string, string>();
function registrars(label: string, names: string[]): void {
  for (const n of names) REGISTRARS.set(n, label);
}
const methodsOf = (type: string, methods: string[]) => methods.map((m) => `${type}.${m}`);
registrars('an aiohttp route', [
  ...methodsOf('aiohttp.web.UrlDispatcher', [...VERBS.map((v) => `add_${v}`), 'add_route', 'add_view']),
  ...methodsOf('aiohttp.web.RouteTableDef', [...VERBS, 'route', 'view']),
  ...methodsOf('aiohttp.web', [...VERBS, 'route', 'view']),
]);
registrars('a starlette route', [
  'starlette.routing.Route', 'starlette.routing.WebSocketRoute',
  ...['starlette.applications.Starlette', 'starlette.routing.Router'].flatMap((t) => methodsOf(t, ['route', 'add_route', 'websocket_route', 'add_websocket_route'])),
]);
registrars('a FastAPI route', [
  'fastapi.routing.APIRoute', 'fastapi.routing.APIWebSocketRoute',
  ...['fastapi.FastAPI', 'fastapi.APIRouter'].flatMap((t) => methodsOf(t, [...VERBS, 'trace', 'api_route', 'websocket', 'add_api_route', 'add_api_websocket_route', 'route', 'add_route', 'websocket_route'])),
]);
registrars('a quart route', ['quart.Quart', 'quart.Blueprint'].flatMap((t) => methodsOf(t, [...VERBS, 'route', 'websocket', 'add_url_rule', 'add_websocket'])));
registrars('a flask route', ['flask.Flask', 'flask.Blueprint'].flatMap((t) => methodsOf(t, [...VERBS, 'route', 'add_url_rule'])));
registrars('a sanic route', ['sanic.Sanic', 'sanic.Blueprint'].flatMap((t) => methodsOf(t, [...VERBS, 'route', 'websocket', 'add_route', 'add_websocket_route'])));
registrars('an asyncio server connection callback', ['asyncio.start_server', 'asyncio.start_unix_server']);
registrars('a websockets server connection handler', ['websockets.serve', 'websockets.unix_serve', 'websockets.server.serve', 'websockets.server.unix_serve', 'websockets.asyncio.server.serve']);

/**
 * The same registrars when the workspace is the framework: `package.Class.method`
 * (or `package.function`) of the defining module's top package, whatever its submodule.
 */
const OWN_REGISTRARS = new Map<string, string>();
for (const [name, label] of REGISTRARS) {
  const parts = name.split('.');
  const top = parts[0];
  const last = parts.slice(-2);
  const isMethod = /^[A-Z]/.test(last[0]) && /^[a-z_]/.test(last[1]);
  OWN_REGISTRARS.set(isMethod ? `${top}.${last[0]}.${last[1]}` : `${top}.${last[1]}`, label);
}

/** Handler base classes (canonical names, or `package.Class` when the workspace is the framework) → the methods that handle requests. */
const HANDLER_BASES: Record<string, { label: string; methods: string[] }> = {
  'tornado.web.RequestHandler': { label: 'tornado RequestHandler', methods: [...VERBS, 'prepare'] },
  'tornado.websocket.WebSocketHandler': { label: 'tornado WebSocketHandler', methods: [...VERBS, 'prepare', 'open', 'on_message'] },
  'aiohttp.web.View': { label: 'aiohttp web.View', methods: VERBS },
  'starlette.endpoints.HTTPEndpoint': { label: 'starlette HTTPEndpoint', methods: VERBS },
  'starlette.endpoints.WebSocketEndpoint': { label: 'starlette WebSocketEndpoint', methods: ['on_connect', 'on_receive'] },
};
const OWN_HANDLER_BASES = new Map(Object.entries(HANDLER_BASES).map(([k, v]) => [`${k.split('.')[0]}.${k.split('.').pop()}`, v]));

/** Request types a handler takes (canonical names, or `package.Class` for the framework's own). */
const REQUEST_TYPES = new Map<string, string>();
for (const [label, names] of Object.entries({
  'an aiohttp Request': ['aiohttp.web.Request', 'aiohttp.web.BaseRequest', 'aiohttp.web_request.Request', 'aiohttp.web_request.BaseRequest'],
  'a starlette Request': ['starlette.requests.Request', 'starlette.requests.HTTPConnection', 'starlette.websockets.WebSocket', 'fastapi.Request', 'fastapi.WebSocket', 'fastapi.requests.Request', 'fastapi.websockets.WebSocket'],
  'a tornado HTTPServerRequest': ['tornado.httputil.HTTPServerRequest'],
  'a quart Request': ['quart.Request', 'quart.Websocket', 'quart.wrappers.Request', 'quart.wrappers.Websocket'],
  'a sanic Request': ['sanic.Request', 'sanic.request.Request'],
})) for (const n of names) REQUEST_TYPES.set(n, label);
const OWN_REQUEST_TYPES = new Map([...REQUEST_TYPES].map(([k, v]) => [`${k.split('.')[0]}.${k.split('.').pop()}`, v]));

/** How many async callers up the search follows. */
const MAX_UP = 3;

export interface HotPathFacts extends OneShotFacts {}

/**
 * Why the call `call` in async `fn` (reaching its blocking root through `steps`,
 * empty when `call` is the root) is on a hot path, in words, or undefined. With
 * `repetition` (bounded file work, teardown) only a handler or a loop over data
 * counts; otherwise a concurrent launch or an outside-only API does too.
 */
export function hotPathEvidence(fn: PyFunction, call: PyNode, steps: readonly PyChainStep[], facts: HotPathFacts, repetition = false): string | undefined {
  const own = loopOverData(call, fn, facts);
  if (own) return `it runs once per item of '${own}' in '${fn.name}'`;
  for (const s of steps) {
    const scope = facts.resolver.scopeOf(s.node, s.module);
    const loop = scope && loopOverData(s.node, scope, facts);
    if (loop) return `it runs once per item of '${loop}' in '${scope!.name}'`;
  }
  return upEvidence(fn, facts, repetition);
}

const upMemo = new WeakMap<PyFunction, { generation: number; value: string | undefined }>();
const boundedUpMemo = new WeakMap<PyFunction, { generation: number; value: string | undefined }>();

/**
 * Handler, per-item or (unless `bounded`) concurrency evidence for `fn` or an async
 * caller of it, a few levels up. Bounded work (local file work) needs repetition:
 * one small read in a background task costs nothing worth a finding.
 */
function upEvidence(fn: PyFunction, facts: HotPathFacts, bounded: boolean): string | undefined {
  const gen = facts.workspace.generation;
  const memo = bounded ? boundedUpMemo : upMemo;
  const known = memo.get(fn);
  if (known && known.generation === gen) return known.value;
  memo.set(fn, { generation: gen, value: undefined });
  let value: string | undefined;
  const seen = new Set<PyFunction>([fn]);
  let level: PyFunction[] = [fn];
  for (let up = 0; up <= MAX_UP && level.length > 0 && !value; up++) {
    const next: PyFunction[] = [];
    for (const f of level) {
      const via = f === fn ? '' : `, and reaches '${fn.name}'`;
      const handler = handlerOf(f, facts);
      if (handler) {
        value = `'${f.name}' handles requests (${handler})${via}`;
        break;
      }
      // Only for the function itself: a start-up step that an outside API awaits in line runs once per call of that API.
      if (!bounded && f === fn && isRunFromOutside(f, facts)) {
        value = `only code outside the workspace runs '${f.name}' (its API's callers, or a framework's hook), on a loop it shares with their other tasks`;
        break;
      }
      for (const use of usesOf(f, facts)) {
        // Test support (pytest's conventions) runs the product's code, but is not its hot path.
        if (use.caller && isTestSupportModule(use.caller.module, facts)) continue;
        const loop = use.caller && loopOverData(use.call, use.caller, facts);
        if (loop && use.caller) {
          value = `'${use.caller.name}' runs '${f.name}' once per item of '${loop}'${via}`;
          break;
        }
        if (use.launcher && !bounded) {
          value = `'${f.name}' runs as a task beside others (${use.launcher}${use.caller ? ` in '${use.caller.name}'` : ''})${via}`;
          break;
        }
        if (use.awaited && use.caller?.isAsync && !seen.has(use.caller)) {
          seen.add(use.caller);
          next.push(use.caller);
        }
      }
      if (value) break;
    }
    level = next;
  }
  memo.set(fn, { generation: gen, value });
  return value;
}

/**
 * An async function no workspace code names: an API or hook that the package's
 * users or a framework await on their own loop, beside their other tasks. A nested
 * function, a dunder (`__aexit__` runs once per `async with`) or a private name
 * (dead code, or reached in a way the resolver cannot follow) is not.
 */
function isRunFromOutside(fn: PyFunction, facts: HotPathFacts): boolean {
  if (!fn.isAsync || fn.isLambda || fn.parent || fn.name.startsWith('_')) return false;
  // Tests stand in for the outside callers: they run the API, they are not its product callers.
  const productUses = usesOf(fn, facts).filter((u) => !(u.caller && isTestSupportModule(u.caller.module, facts)));
  if (productUses.length > 0 || identifiersNamed(fn.module, fn.name) > 0) return false;
  // A method may be called on a receiver the resolver cannot type: no `.name` anywhere in the workspace.
  if (!fn.cls) return true;
  return facts.scan.filesMentioning([fn.name], fn.module.file).every((file) => {
    const module = file === fn.module.file ? fn.module : facts.workspace.tryGetModule(file);
    return !!module && !some(module.root, (n) => n.type === 'attribute' && child(n, 'attribute')?.text === fn.name);
  });
}

/**
 * How many identifiers of `module` read `name` (not the names of functions defined
 * with it, sibling handlers of other classes included; not words in strings or comments).
 */
function identifiersNamed(module: PyModule, name: string): number {
  let count = 0;
  walkAll(module.root, (n) => {
    if (n.type === 'identifier' && n.text === name && !(n.parent?.type === 'function_definition' && n.field === 'name')) count++;
    return true;
  });
  return count;
}

/**
 * The iterable of the innermost `for` loop or comprehension of `fn` around `node`
 * that iterates over data (not a literal or constant collection), as text.
 */
export function loopOverData(node: PyNode, fn: PyFunction, facts: HotPathFacts): string | undefined {
  // Class-level code (a classmethod or staticmethod: an alternative constructor, a
  // discovery of the instances to make) loops over what the class is about to build
  // from its configuration, once per instance: not per item of the data it serves.
  if (isClassLevel(fn, facts)) return undefined;
  for (let n: PyNode | null = node; n && n.parent && n.parent !== fn.node; n = n.parent) {
    const p: PyNode = n.parent;
    if (p.type === 'for_statement' && n === child(p, 'body')) {
      const iter = child(p, 'right');
      // A fallback loop (the first item that works ends it) runs `node` once, not per item.
      if (iter && isData(iter, fn, facts) && !leavesLoopOnceDone(node, p, n)) return textOf(fn.module, iter);
    }
    if (/comprehension|generator_expression/.test(p.type) && n.type !== 'for_in_clause') {
      // The element (or a condition) runs once per item of each `for … in …` clause.
      for (const clause of p.children.filter((c) => c.type === 'for_in_clause')) {
        const iter = child(clause, 'right');
        if (iter && !isInsideNode(n, iter) && isData(iter, fn, facts)) return textOf(fn.module, iter);
      }
    }
  }
  return undefined;
}

/** A method decorated `@classmethod` or `@staticmethod` (the builtins, as the resolver reads them). */
function isClassLevel(fn: PyFunction, facts: HotPathFacts): boolean {
  if (!fn.cls) return false;
  return fn.decorators.some((d) => {
    const expr = d.children.find((c) => c.type === 'identifier' || c.type === 'attribute');
    if (!expr) return false;
    const name = externalName(facts.resolver.resolve(expr, fn.module)) ?? `builtins.${expr.text}`;
    return name === 'builtins.classmethod' || name === 'builtins.staticmethod';
  });
}

/**
 * An iterable computed only from a one-shot function's launch arguments: its
 * parameters (`asyncio.run(main(pairs))` fills them from the command line or
 * configuration, once per run), for a nested main coroutine the parameters of the
 * function that launches it (its closure: a CLI command's options), and locals computed from those alone
 * (loop targets over them, results of calls that take only them: `prepare_pair(pair,
 * config=ctx.config)`), but not what a read from outside returns (a blocking API:
 * `os.listdir(root)`, a request). Its items are the configured units (pairs,
 * collections, targets), not data arriving from outside.
 */
function isLaunchArgument(iter: PyNode, fn: PyFunction, facts: HotPathFacts): boolean {
  const derived = launchDerived(fn, facts);
  return !!derived && derivedFrom(iter, fn, derived, facts);
}

const derivedMemo = new WeakMap<PyFunction, { generation: number; names: Set<string> }>();

/** The locals of one-shot `fn` computed only from its launch arguments, or undefined when `fn` is not one-shot. */
function launchDerived(fn: PyFunction, facts: HotPathFacts): Set<string> | undefined {
  return fn.isAsync && isOneShotFunction(fn, facts, 0) ? derivedNames(fn, facts) : undefined;
}

/**
 * The locals of `fn` computed only from its parameters (a greatest fixpoint, so a
 * name reassigned from itself, `cols = prepare(cols)`, stays derived).
 */
function derivedNames(fn: PyFunction, facts: HotPathFacts): Set<string> {
  const gen = facts.workspace.generation;
  const known = derivedMemo.get(fn);
  if (known && known.generation === gen) return known.names;
  const names = new Set(fn.locals.keys());
  derivedMemo.set(fn, { generation: gen, names: new Set() });
  for (let changed = true; changed;) {
    changed = false;
    for (const [name, bindings] of fn.locals) {
      if (!names.has(name)) continue;
      const ok = bindings.every((b) => {
        if (b.kind === 'param') return true;
        if (b.kind === 'assign' || b.kind === 'with') return !!b.value && derivedFrom(b.value, fn, names, facts);
        if (b.kind === 'other' && b.node.type === 'for_statement') {
          const right = child(b.node, 'right');
          return !!right && derivedFrom(right, fn, names, facts);
        }
        return false;
      });
      if (!ok) {
        names.delete(name);
        changed = true;
      }
    }
  }
  derivedMemo.set(fn, { generation: gen, names });
  return names;
}

/** For a name `fn` does not bind: whether the enclosing function that binds it computes it from its own parameters. */
function closureDerived(name: string, fn: PyFunction, facts: HotPathFacts): boolean {
  for (let outer = fn.parent; outer; outer = outer.parent) {
    if (outer.locals.has(name)) return derivedNames(outer, facts).has(name);
  }
  return false;
}

/** Whether every name `expr` reads is derived (`derived`, or a closure name its enclosing function derives from its parameters), or a callee that reads nothing from outside. */
function derivedFrom(expr: PyNode, fn: PyFunction, derived: Set<string>, facts: HotPathFacts): boolean {
  let ok = true;
  const check = (n: PyNode) => {
    if (!ok) return false;
    if (n.type === 'lambda') {
      ok = false;
      return false;
    }
    if (n.type === 'call') {
      const callee = child(n, 'function');
      const ext = callee && externalName(facts.resolver.resolve(callee, fn.module));
      if (ext && blockingApiNamed(ext)) ok = false;
      // A module-level callee (`prepare(pair)`, `os.path.join(root, name)`) called with launch-derived arguments.
      let root = callee;
      while (root?.type === 'attribute') root = child(root, 'object');
      if (root?.type === 'identifier' && !fn.locals.has(root.text ?? '')) {
        const args = child(n, 'arguments');
        if (args) walkAll(args, check);
        return false;
      }
      return true;
    }
    if (n.type !== 'identifier' || !n.text) return true;
    if (n.parent?.type === 'attribute' && n.field === 'attribute') return true;
    if (n.parent?.type === 'keyword_argument' && n.field === 'name') return true;
    // Module-level state (`os.environ[…]`, a global list) is not what the launch passed.
    if (fn.locals.has(n.text) ? !derived.has(n.text) : !closureDerived(n.text, fn, facts)) ok = false;
    return true;
  };
  if (check(expr) !== false) walkAll(expr, check);
  return ok;
}

/**
 * An iterable of data: not a literal or constant collection, not the launch
 * arguments of a one-shot run (isLaunchArgument), not a count
 * (`range(retries)`, a retry or attempt loop; `range(len(items))` walks items), and
 * not the program's own loaded modules (`sys.modules`, which a reloader walks).
 */
function isData(iter: PyNode, fn: PyFunction, facts: HotPathFacts): boolean {
  const module = fn.module;
  if (isConstantIterable(iter, module, facts.resolver) || isLaunchArgument(iter, fn, facts) || isProgramSized(iter, fn, facts, 0)) return false;
  const it = unparen(iter);
  const named = (m: PyNode, name: string) => externalName(facts.resolver.resolve(m, module)) === name;
  if (it.type === 'call' && named(child(it, 'function')!, 'builtins.range') && !some(it, (m) => m.type === 'call' && named(child(m, 'function')!, 'builtins.len'))) return false;
  return !some(it, (m) => m.type === 'attribute' && named(m, 'sys.modules'));
}

/** What a command-line parser returns: the parsed options (argparse, optparse). */
const PARSE_CALLS = new Set([
  'argparse.ArgumentParser.parse_args', 'argparse.ArgumentParser.parse_known_args', 'argparse.ArgumentParser.parse_intermixed_args',
  'argparse.ArgumentParser.parse_known_intermixed_args', 'optparse.OptionParser.parse_args',
]);
const PARSER_TYPES = new Set(['argparse.ArgumentParser', 'optparse.OptionParser']);
/** The types of a parsed-options object, as parameters are annotated. */
const PARSED_TYPES = new Set(['argparse.Namespace', 'optparse.Values']);
/** Builtins whose result is as large as their first argument. */
const SIZE_KEEPING = new Set(['builtins.sorted', 'builtins.list', 'builtins.set', 'builtins.tuple', 'builtins.reversed', 'builtins.enumerate', 'builtins.frozenset']);
/** Methods whose result is as large as their receiver. */
const SIZE_KEEPING_METHODS = new Set(['items', 'keys', 'values', 'copy', 'split']);
const MAX_PROGRAM_DEPTH = 4;

/**
 * An iterable the command line sizes: `sys.argv`, or an attribute of a parsed-options
 * object (what argparse's or optparse's `parse_args()` returns, a parameter annotated
 * `argparse.Namespace` or `optparse.Values`, a parameter of a click or typer command),
 * through locals, `sorted`/`list`/… and `.items()`/`.split()`, and through a parameter
 * of a module-level function that every workspace call fills with such a value. Its
 * items are what the user typed, once per run: not data arriving from outside. A call
 * of anything else (a reader of the file an option names) is not followed: what it
 * returns may be data.
 */
function isProgramSized(expr: PyNode, fn: PyFunction, facts: HotPathFacts, depth: number): boolean {
  if (depth > MAX_PROGRAM_DEPTH) return false;
  const n = unparen(expr);
  const module = fn.module;
  const ext = (m: PyNode) => externalName(facts.resolver.resolve(m, module));
  switch (n.type) {
    case 'attribute': {
      if (ext(n) === 'sys.argv') return true;
      const object = child(n, 'object');
      return !!object && isParsedOptions(object, fn, facts, depth);
    }
    case 'subscript': {
      const value = child(n, 'value');
      return !!value && isProgramSized(value, fn, facts, depth);
    }
    case 'boolean_operator':
    case 'conditional_expression': {
      const parts = n.type === 'conditional_expression' ? n.children.filter((_, i) => i !== 1) : n.children;
      const sized = parts.filter((c) => !isConstantIterable(c, module, facts.resolver));
      return sized.length > 0 && sized.every((c) => isProgramSized(c, fn, facts, depth));
    }
    case 'call': {
      const callee = child(n, 'function');
      if (!callee) return false;
      const args = child(n, 'arguments');
      if (args?.type !== 'argument_list') return false;
      const first = args.children.find((c) => c.type !== 'comment');
      if (SIZE_KEEPING.has(ext(callee) ?? '')) return !!first && isProgramSized(first, fn, facts, depth);
      if (callee.type === 'attribute' && SIZE_KEEPING_METHODS.has(child(callee, 'attribute')?.text ?? '')) {
        const object = child(callee, 'object');
        return !!object && isProgramSized(object, fn, facts, depth);
      }
      return false;
    }
    case 'identifier':
      // A click or typer command's parameter is an option's value.
      if (n.text && fn.locals.get(n.text)?.every((b) => b.kind === 'param') && isCliCommand(fn, facts)) return true;
      // The positional arguments of optparse's `options, args = parser.parse_args()`, the rest of `parse_known_args()`.
      if (isParsedOptions(n, fn, facts, depth)) return true;
      return boundOnlyTo(n, fn, facts, depth, (value, d) => isProgramSized(value, fn, facts, d), isProgramSized);
    default:
      return false;
  }
}

/** A parsed-options object: what a command-line parser's `parse_args()` returns, a parameter typed or filled as one. */
function isParsedOptions(expr: PyNode, fn: PyFunction, facts: HotPathFacts, depth: number): boolean {
  const n = unparen(expr);
  if (n.type !== 'identifier' || !n.text) return false;
  const param = fn.params.find((p) => p.name === n.text);
  if (param && fn.locals.get(n.text)?.every((b) => b.kind === 'param')) {
    if (param.annotation && annotatedTypes(param.annotation, fn, facts).some((t) => PARSED_TYPES.has(t))) return true;
    if (isCliCommand(fn, facts)) return true;
  }
  return boundOnlyTo(n, fn, facts, depth, (value) => {
    const v = unparen(value);
    const callee = v.type === 'call' ? child(v, 'function') : undefined;
    if (!callee) return false;
    if (PARSE_CALLS.has(canonical(externalName(facts.resolver.resolve(callee, fn.module)) ?? ''))) return true;
    // `parser = argparse.ArgumentParser()` … `parser.parse_args()`.
    const method = callee.type === 'attribute' ? child(callee, 'attribute')?.text : undefined;
    const object = callee.type === 'attribute' ? child(callee, 'object') : undefined;
    if (!method || !object) return false;
    const parser = parserType(object, fn, facts);
    return !!parser && PARSE_CALLS.has(`${parser}.${method}`);
  }, isParsedOptions);
}

/** The parser type (`argparse.ArgumentParser`, `optparse.OptionParser`) of a local constructed as one or a parameter annotated as one. */
function parserType(expr: PyNode, fn: PyFunction, facts: HotPathFacts): string | undefined {
  const n = unparen(expr);
  const bindings = n.type === 'identifier' && n.text ? fn.locals.get(n.text) : undefined;
  if (!bindings || bindings.length !== 1) return undefined;
  const b = bindings[0];
  let types: string[] = [];
  if (b.kind === 'param' && b.annotation) types = annotatedTypes(b.annotation, fn, facts);
  else if (b.kind === 'assign' && b.value && unparen(b.value).type === 'call') {
    const callee = child(unparen(b.value), 'function');
    const e = callee && externalName(facts.resolver.resolve(callee, fn.module));
    if (e) types = [canonical(e)];
  }
  return types.find((t) => PARSER_TYPES.has(t));
}

/**
 * Whether local `name` of `fn` is bound only to values `ok` accepts (assignments; a `for`
 * target to its iterable, for `isProgramSized`) or, for a parameter of a module-level
 * function, whether every workspace call fills it with what `atCaller` accepts there.
 */
function boundOnlyTo(
  name: PyNode, fn: PyFunction, facts: HotPathFacts, depth: number,
  ok: (value: PyNode, depth: number) => boolean,
  atCaller: (arg: PyNode, caller: PyFunction, facts: HotPathFacts, depth: number) => boolean,
): boolean {
  const bindings = name.text ? fn.locals.get(name.text) : undefined;
  if (!bindings || bindings.length === 0) return false;
  return bindings.every((b) => {
    // `options, rest = parser.parse_known_args()`: each name holds a part of what the call returns.
    if (b.kind === 'assign') return !!b.value && ok(b.value, depth + 1);
    if (b.kind === 'other' && b.node.type === 'assignment' && atCaller === isParsedOptions) {
      const right = child(b.node, 'right');
      return !!right && child(b.node, 'left')?.type !== 'identifier' && ok(right, depth + 1);
    }
    if (b.kind === 'other' && b.node.type === 'for_statement' && atCaller === isProgramSized) {
      const right = child(b.node, 'right');
      return !!right && ok(right, depth + 1);
    }
    if (b.kind !== 'param' || fn.cls || fn.isLambda) return false;
    const index = fn.params.findIndex((p) => p.name === name.text);
    if (index < 0) return false;
    const uses = usesOf(fn, facts);
    return uses.length > 0 && uses.every((u) => {
      if (!u.caller || u.call.type !== 'call') return false;
      const arg = argumentFor(u.call, fn, index);
      return !!arg && arg !== 'unknown' && atCaller(arg, u.caller, facts, depth + 1);
    });
  });
}

/** A function whose parameters click or typer fill from the command line (`@click.command()`, `@app.command()` of a `typer.Typer`). */
function isCliCommand(fn: PyFunction, facts: HotPathFacts): boolean {
  return fn.decorators.some((d) => {
    const expr = d.children.find((c) => c.type !== 'comment');
    const callee = expr && (expr.type === 'call' ? child(expr, 'function') : expr);
    const name = callee && canonical(externalName(facts.resolver.resolve(callee, fn.module)) ?? '');
    return !!name && (/^click\.(command|group|option|argument)$/.test(name) || /^click\..*\.command$/.test(name) || /^typer\..*Typer\.(command|callback)$/.test(name));
  });
}

/** What one annotation node names: a type expression, or a string annotation (`'web.Request'`) read as a dotted name. */
function annotationSymbol(node: PyNode, fn: PyFunction, resolver: HotPathFacts['resolver']): Sym | undefined {
  const n = unparen(node);
  if (n.type !== 'string') return resolver.resolve(n, fn.module);
  const name = fn.module.text.slice(n.start, n.end).replace(/^[rbuf]*['"]+|['"]+$/gi, '').trim();
  if (!/^[A-Za-z_][\w.]*$/.test(name)) return undefined;
  const [first, ...rest] = name.split('.');
  let sym = resolver.resolveName(first, undefined, fn.module, undefined, 0);
  for (const part of rest) sym = resolver.member(sym, part, fn.module, 0);
  return sym;
}

/** The external names an annotation names (a string annotation resolved as written). */
function annotatedTypes(annotation: PyNode, fn: PyFunction, facts: HotPathFacts): string[] {
  const { resolver } = facts;
  const out: string[] = [];
  for (const node of annotatedTypeNodes(annotation, fn.module, resolver)) {
    const sym = annotationSymbol(node, fn, resolver);
    if (!sym) continue;
    for (const s of candidates(sym)) {
      const e = externalName(s);
      if (e) out.push(canonical(e));
    }
  }
  return out;
}

/** Whether `node` or a node inside it satisfies `test`. */
function some(node: PyNode, test: (n: PyNode) => boolean): boolean {
  if (test(node)) return true;
  let yes = false;
  walkAll(node, (m) => {
    if (!yes && test(m)) yes = true;
    return !yes;
  });
  return yes;
}

function isInsideNode(n: PyNode, outer: PyNode): boolean {
  return n.start >= outer.start && n.end <= outer.end;
}

function textOf(module: PyModule, n: PyNode): string {
  const t = module.text.slice(n.start, n.end).replace(/\s+/g, ' ');
  return t.length > 40 ? `${t.slice(0, 37)}...` : t;
}

/** What kind of handler `fn` is, if it is one. */
export function handlerOf(fn: PyFunction, facts: HotPathFacts): string | undefined {
  for (const d of fn.decorators) {
    const expr = d.children.find((c) => c.type !== 'comment');
    const callee = expr && (expr.type === 'call' ? child(expr, 'function') : expr);
    const label = callee && registrarLabel(facts.resolver.resolve(callee, fn.module));
    if (label) return `registered as ${label}`;
  }
  const base = fn.cls && handlerBase(fn.cls, facts, 0);
  if (base && base.methods.includes(fn.name)) return base.label;
  const request = fn.params.map((p) => p.annotation && requestType(p.annotation, fn, facts)).find(Boolean);
  if (request) return `it takes ${request}`;
  for (const use of usesOf(fn, facts)) if (use.registrar) return `registered as ${use.registrar}`;
  return undefined;
}

function registrarLabel(sym: Sym): string | undefined {
  for (const s of candidates(sym)) {
    const ext = externalName(s);
    if (ext) {
      const label = REGISTRARS.get(canonical(ext));
      if (label) return label;
    }
    if (s.kind === 'function') {
      const top = s.fn.module.name.split('.')[0];
      const label = OWN_REGISTRARS.get(s.fn.cls ? `${top}.${s.fn.cls.name}.${s.fn.name}` : `${top}.${s.fn.name}`);
      if (label) return label;
    }
    if (s.kind === 'class') {
      const label = OWN_REGISTRARS.get(`${s.cls.module.name.split('.')[0]}.${s.cls.name}`);
      if (label) return label;
    }
  }
  return undefined;
}

function handlerBase(cls: PyClass, facts: HotPathFacts, depth: number): { label: string; methods: string[] } | undefined {
  if (depth > 8) return undefined;
  for (const b of cls.bases) {
    const s = facts.resolver.resolve(b, cls.module);
    const ext = externalName(s);
    if (ext && HANDLER_BASES[canonical(ext)]) return HANDLER_BASES[canonical(ext)];
    if (s.kind === 'class' && s.cls !== cls) {
      const own = OWN_HANDLER_BASES.get(`${s.cls.module.name.split('.')[0]}.${s.cls.name}`);
      if (own) return own;
      const up = handlerBase(s.cls, facts, depth + 1);
      if (up) return up;
    }
  }
  return undefined;
}

/** The request type an annotation names (also as a string, `request: "BaseRequest"`). */
function requestType(annotation: PyNode, fn: PyFunction, facts: HotPathFacts): string | undefined {
  const { resolver } = facts;
  const nodes = annotatedTypeNodes(annotation, fn.module, resolver);
  for (const node of nodes) {
    const sym = annotationSymbol(node, fn, resolver);
    if (!sym) continue;
    for (const s of candidates(sym)) {
      const ext = externalName(s);
      if (ext && REQUEST_TYPES.get(canonical(ext))) return REQUEST_TYPES.get(canonical(ext));
      if (s.kind === 'class') {
        const own = OWN_REQUEST_TYPES.get(`${s.cls.module.name.split('.')[0]}.${s.cls.name}`);
        if (own) return own;
      }
    }
  }
  return undefined;
}

interface Use {
  /** The reference's call (`f(x)`), or the reference itself when it is not called. */
  call: PyNode;
  /** The function the use is in (undefined at module level). */
  caller: PyFunction | undefined;
  awaited: boolean;
  /** The call is handed to a task launcher (`asyncio.create_task`, `gather`, a task group): it runs beside other tasks. */
  launcher?: string;
  /** The use hands `fn` to a known registrar. */
  registrar?: string;
}

const useMemo = new WeakMap<PyFunction, { generation: number; uses: Use[] }>();

/** Every reference to `fn` in the workspace that the resolver ties to it. */
function usesOf(fn: PyFunction, facts: HotPathFacts): Use[] {
  if (fn.isLambda) return [];
  const gen = facts.workspace.generation;
  const known = useMemo.get(fn);
  if (known && known.generation === gen) return known.uses;
  const uses: Use[] = [];
  useMemo.set(fn, { generation: gen, uses });
  const files = [fn.module.file, ...facts.scan.filesMentioning([fn.name], fn.module.file).filter((f) => f !== fn.module.file)];
  for (const file of files) {
    const module = file === fn.module.file ? fn.module : facts.workspace.tryGetModule(file);
    if (!module || !module.text.includes(fn.name)) continue;
    walkAll(fn.parent && module === fn.module ? fn.parent.node : module.root, (n) => {
      const name = n.type === 'identifier' ? n : n.type === 'attribute' ? child(n, 'attribute') : undefined;
      if (!name || name.text !== fn.name || n === child(fn.node, 'name')) return true;
      if (n.type === 'identifier' && n.parent?.type === 'attribute' && n.field === 'attribute') return true;
      if (n.type === 'identifier' && (n.parent?.type === 'function_definition' || n.parent?.type === 'keyword_argument' && n.field === 'name')) return true;
      const sym = facts.resolver.resolve(n, module);
      if (!candidates(sym).some((s) => s.kind === 'function' && s.fn === fn)) return true;
      const caller = facts.resolver.scopeOf(n, module);
      const called = n.parent?.type === 'call' && n.field === 'function' ? n.parent : undefined;
      if (called) {
        const launcher = taskLauncher(called, module, facts);
        uses.push({ call: called, caller, awaited: called.parent?.type === 'await' || !!launcher, launcher });
        return true;
      }
      // Handed on: `router.add_get("/", fn)`, `Route("/", endpoint=fn)`.
      const arg = n.parent?.type === 'keyword_argument' ? n.parent : n;
      const list = arg.parent?.type === 'argument_list' ? arg.parent : undefined;
      const target = list?.parent?.type === 'call' ? child(list.parent, 'function') : undefined;
      const registrar = target && registrarLabel(facts.resolver.resolve(target, module));
      uses.push({ call: n, caller, awaited: false, registrar });
      return true;
    });
  }
  return uses;
}

/** `create_task(f(x))`, `ensure_future(f(x))`, `gather(f(x), …)`: the coroutine is run as a task; the launcher's name. */
function taskLauncher(call: PyNode, module: PyModule, facts: HotPathFacts): string | undefined {
  let n: PyNode = call;
  while (n.parent && (n.parent.type === 'list_splat' || n.parent.type === 'parenthesized_expression' || /comprehension|generator_expression/.test(n.parent.type))) n = n.parent;
  const list = n.parent?.type === 'argument_list' ? n.parent : undefined;
  const outer = list?.parent?.type === 'call' ? list.parent : /comprehension|generator_expression/.test(n.type) && n.parent?.type === 'call' ? n.parent : undefined;
  const callee = outer && child(outer, 'function');
  const name = callee && externalName(facts.resolver.resolve(callee, module));
  return name && /^(?:asyncio\.(?:create_task|ensure_future|gather|wait|as_completed)|asyncio\.AbstractEventLoop\.create_task|asyncio\.TaskGroup\.create_task|anyio\.abc\.TaskGroup\.start_soon|trio\.Nursery\.start_soon)$/.test(name) ? name : undefined;
}
