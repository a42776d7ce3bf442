/**
 * Positive evidence that a blocking call is on a hot path, for the calls whose cost
 * is bounded and usually small (local file-system calls: blocking-apis.ts `cost:
 * 'local'`). Being reachable from async code is not enough for those: a config read
 * in an `init()` chain, an admin API's `.then()` callback or a CLI run blocks once.
 * One of these must hold, for the function a call is in or a caller up the call graph:
 *
 * - a request or message handler runs it: a server's handler (event-loop-context.ts
 *   classifies `http.createServer(cb)`, `app.get(path, cb)` …), or a listener for
 *   'data' or 'message' on a network socket or WebSocket (by the checker's types:
 *   `net.Socket`, `tls.TLSSocket`, `dgram.Socket`, ws's `WebSocket`; not stdin);
 * - per-item repetition: the call, or a call on the way to it, runs in a loop over
 *   data (`for (const id of ids)`, `rows.forEach(…)`), not over a literal or a constant;
 * - spawned per item: an async function on the way is awaited in such a loop, or
 *   mapped over data (`Promise.all(ids.map(load))`).
 *
 * The answer says the evidence in words, for the finding's detail.
 */
import * as path from 'node:path';
import { ts } from './compiler';
import { aliasTarget, callNaming, declaredName, functionName, identifiersIn, isBindingSite, isFunctionLike, skipOuterExpressions, type FunctionLike } from './ast';
import type { BlockingCallers, BlockingEntry } from './blocking-callers';
import { serverHandlerKind } from './blocking-callers';
import { packageOfFile, resolveCallee, unbound } from './callee';
import { classifyFunction, classifyRegistration, receivingCall } from './event-loop-context';
import { callsOfExport, exportNodeOf } from './export-uses';
import { shapedRequestHandlerAt } from './request-handlers';

type Call = ts.CallExpression | ts.NewExpression;

export interface HotEvidence {
  /** In words: "called from the http.createServer() request handler at server.ts:40". */
  text: string;
  /** A request or message handler (not only repetition) is the evidence. */
  handler: boolean;
  /** The evidence is this entry point itself, as its own description already names it ("a http.createServer() request handler"): words that add nothing. */
  restates?: BlockingEntry;
}

export interface HotPathIndex {
  readonly checker: ts.TypeChecker;
  readonly program: ts.Program;
  resolveUserFunction(call: Call): FunctionLike | undefined;
}

/** Array methods that call their callback once per element. */
const ITERATION_METHODS = new Set(['forEach', 'map', 'flatMap', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex']);
/** Events a socket emits once per chunk or message it receives. */
const MESSAGE_EVENTS = new Set(['data', 'message']);
const LISTEN_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);
const UNLISTEN_METHODS = new Set(['off', 'removeListener']);
/** How far up the call graph, and through how many functions in all, the search for a caller looks. */
const UP_DEPTH = 4;
const UP_BUDGET = 80;

export class HotPaths {
  private readonly upMemo = new Map<ts.Node, HotEvidence | null>();
  /** Per function and parameter index: filled only by the program's own callers (isCallersData). */
  private readonly filledMemo = new Map<ts.Node, Map<string, boolean>>();

  constructor(private readonly index: HotPathIndex, private readonly callers: BlockingCallers) {}

  /** Evidence that `sites` (blocking calls in `owner`) run on a hot path for one of `entries`, if there is any. */
  evidenceFor(owner: FunctionLike, sites: readonly Call[], entries: readonly BlockingEntry[]): HotEvidence | undefined {
    // A handler among the entry points.
    for (const entry of entries) {
      const handler = this.handlerOf(entry.fn);
      if (handler) {
        const through = entry.chain.length > 0 ? ` (through ${[...entry.chain.map((s) => s.caller).slice(1), functionName(owner)].map(quote).join(' → ')})` : '';
        const restates = entry.chain.length === 0 && handler.startsWith(`${entry.description} at `) ? { restates: entry } : {};
        return { text: `${entry.chain.length > 0 ? 'called from' : 'it runs in'} ${handler}${through}`, handler: true, ...restates };
      }
    }
    // The call itself repeats, once per item.
    for (const site of sites) {
      const loop = this.perItemLoop(site, owner);
      if (loop) return { text: `it runs once per item of ${loop} in ${quote(functionName(owner))}`, handler: false };
    }
    // A call on the way to it repeats.
    for (const entry of entries) {
      for (let i = 0; i < entry.calls.length; i++) {
        const call = entry.calls[i];
        const caller = this.callers.ownerOf(call);
        const loop = caller && this.perItemLoop(call, caller);
        if (loop) return { text: `${quote(entry.chain[i].caller)} calls ${quote(entry.chain[i].callee)} once per item of ${loop}`, handler: false };
      }
    }
    // Further up: who calls the entry points.
    for (const entry of entries) {
      const up = this.upFrom(entry.fn);
      if (up) return up;
    }
    return undefined;
  }

  /**
   * A request or message handler: `fn` is one by how it is registered or typed. Returns
   * how to name it, with where it is ("the http.createServer() request handler at server.ts:40").
   */
  handlerOf(fn: FunctionLike): string | undefined {
    const { checker, program } = this.index;
    const role = classifyFunction(checker, program, fn);
    if (role.role === 'context' && role.kind === 'handler') return `${role.description} at ${where(fn)}`;
    const typed = serverHandlerKind(checker, fn);
    if (typed) return `${typed} at ${where(fn)}`;
    if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) {
      const call = receivingCall(fn);
      if (call) {
        const registration = classifyRegistration(checker, program, call);
        if (registration?.kind === 'handler') return `${registration.description} at ${where(fn)}`;
        const socket = this.socketListener(call, fn);
        if (socket) return `${socket} at ${where(fn)}`;
      }
    }
    for (const registration of this.callers.registrationsOf(fn)) {
      if (registration.kind === 'handler') return `${registration.description} at ${where(registration.node)}`;
      const socket = this.socketListener(registration.call, registration.node);
      if (socket) return `${socket} at ${where(registration.node)}`;
    }
    // Last: the (req, res) shape handed to a server the checker has no types for. A registration the
    // checker knows (`http.createServer(async (req, res) => …)`) names the handler as its entry does.
    return shapedRequestHandlerAt(checker, program, fn);
  }

  /** `socket.on('data', cb)` on a network socket or WebSocket: "a 'data' listener on a net.Socket". */
  private socketListener(call: Call, listener: ts.Node): string | undefined {
    if (!ts.isCallExpression(call)) return undefined;
    const callee = skipOuterExpressions(call.expression);
    const event = call.arguments[0];
    if (!ts.isPropertyAccessExpression(callee) || !LISTEN_METHODS.has(callee.name.text) || !event || !ts.isStringLiteralLike(event) ||
        !MESSAGE_EVENTS.has(event.text) || !call.arguments.slice(1).some((a) => a === listener || skipOuterExpressions(a) === listener || unbound(this.index.checker, this.index.program, a) === listener)) return undefined;
    const socket = socketTypeOf(this.index.checker, callee.expression);
    return socket && `a '${event.text}' listener on a ${socket}`;
  }

  /**
   * Whether `node` runs once per item of a collection of data inside `boundary` (the
   * function it belongs to): in the body of a loop over data, or in a callback handed to
   * an array method of data. Returns the collection, quoted, or undefined.
   */
  perItemLoop(node: ts.Node, boundary: ts.Node | undefined): string | undefined {
    const { checker } = this.index;
    // A collection the function's callers hand it is as hot as those callers (see callersData).
    const data = (c: ts.Expression) => !this.isCallersData(c, boundary);
    let child: ts.Node = node;
    for (let current = node.parent; current && current !== boundary; child = current, current = current.parent) {
      if ((ts.isForOfStatement(current) || ts.isForInStatement(current)) && child === current.statement) {
        if (!isConstantCollection(checker, current.expression) && !isDirectoryListing(checker, this.index.program, current.expression) && data(current.expression)) return quote(short(current.expression));
      } else if (ts.isForStatement(current) && child === current.statement) {
        const bound = dataBoundOf(checker, current.condition);
        if (bound && data(bound)) return quote(short(bound));
      } else if (isFunctionLike(current)) {
        const collection = this.iteratedBy(current);
        if (collection && data(collection)) return quote(short(collection));
      }
    }
    return undefined;
  }

  /**
   * Whether a loop's collection is (a property of) a parameter of `fn` that only the
   * payloads of the program's own events fill: every use of `fn` in the program is a call
   * that passes on a parameter of an event-listener or timer callback it runs in
   * (`api.on('unregister', (accessories) => this.unregister(accessories))`), directly or
   * through functions that pass their own parameter on. The loop is then as hot as that
   * event, which is no hot path (a socket's 'data'/'message' listener is a handler, and
   * stays evidence). A caller that passes anything else (what it read, a parameter of a
   * function nothing in the program calls) keeps the loop as evidence.
   */
  private isCallersData(collection: ts.Expression, fn: ts.Node | undefined): boolean {
    if (!fn || !isFunctionLike(fn)) return false;
    const index = parameterIndexOf(this.index.checker, collection, fn);
    return index !== undefined && this.filledInside(fn, index, 0);
  }

  /** Whether every use of `fn` is a call whose argument at `index` is made inside the program. */
  private filledInside(fn: FunctionLike, index: number, depth: number): boolean {
    if (depth > 3) return false;
    const key = `${index}:${depth}`;
    let memo = this.filledMemo.get(fn);
    if (!memo) this.filledMemo.set(fn, (memo = new Map()));
    const known = memo.get(key);
    if (known !== undefined) return known;
    memo.set(key, false);
    const uses = this.usesOf(fn);
    let inside = uses.length > 0;
    for (const use of uses) {
      if (!inside) break;
      if (use.kind !== 'call') {
        inside = false;
        break;
      }
      const arg = use.call.arguments?.[index];
      const caller = enclosingFunctionOf(use.call);
      const passed = arg && caller && parameterIndexOf(this.index.checker, arg, caller);
      if (caller === undefined || passed === undefined) {
        inside = false;
        break;
      }
      // An event's or a timer's payload: the program's own event (a socket's message is a handler's).
      const role = classifyFunction(this.index.checker, this.index.program, caller);
      if (role.role === 'context' && (role.kind === 'emitter' || role.kind === 'timer') && !this.handlerOf(caller)) continue;
      if (this.callers.registrationsOf(caller).some((r) => r.kind === 'emitter' || r.kind === 'timer') && !this.handlerOf(caller)) continue;
      if (this.isEventListenerOnly(caller)) continue;
      inside = this.filledInside(caller, passed, depth + 1);
    }
    memo.set(key, inside);
    return inside;
  }

  /**
   * A function whose every use hands it to an emitter's `on`/`once`/`addListener` (or
   * takes it off again with `off`/`removeListener`) for a named event, also when the
   * checker does not know the emitter (`this.api.on('unregister', this.onUnregister)` with
   * `api` untyped): it runs when that event fires. Not for a 'data' or 'message' event,
   * which a socket of an unknown type may emit per message.
   */
  private isEventListenerOnly(fn: FunctionLike): boolean {
    const uses = this.usesOf(fn);
    let listens = false;
    for (const use of uses) {
      if (use.kind !== 'argument' || !ts.isCallExpression(use.call)) return false;
      const callee = skipOuterExpressions(use.call.expression);
      const event = use.call.arguments[0];
      if (!ts.isPropertyAccessExpression(callee) || !event || !ts.isStringLiteralLike(event) || MESSAGE_EVENTS.has(event.text) || use.call.arguments[1] !== use.node) return false;
      if (LISTEN_METHODS.has(callee.name.text)) listens = true;
      else if (!UNLISTEN_METHODS.has(callee.name.text)) return false;
    }
    return listens;
  }

  /** The collection of data whose array method calls `fn` once per element (`ids.map(fn)`), if it is one. */
  private iteratedBy(fn: ts.Node): ts.Expression | undefined {
    const call = receivingCall(fn);
    if (!call || !ts.isCallExpression(call)) return undefined;
    return this.iterationReceiver(call);
  }

  private iterationReceiver(call: ts.CallExpression): ts.Expression | undefined {
    const callee = skipOuterExpressions(call.expression);
    if (!ts.isPropertyAccessExpression(callee) || !ITERATION_METHODS.has(callee.name.text)) return undefined;
    const { checker, program } = this.index;
    // The standard library's Array/ReadonlyArray/Set/Map method, or an untyped receiver.
    const decl = checker.getSymbolAtLocation(callee.name)?.declarations?.[0];
    const fromLib = decl ? program.isSourceFileDefaultLibrary(decl.getSourceFile()) : (checker.getTypeAtLocation(callee.expression).flags & ts.TypeFlags.Any) !== 0;
    if (!fromLib) return undefined;
    return isConstantCollection(checker, callee.expression) || isDirectoryListing(checker, program, callee.expression) ? undefined : callee.expression;
  }

  /** Evidence found by walking up from an entry point to the functions that call it. */
  private upFrom(start: FunctionLike): HotEvidence | undefined {
    const known = this.upMemo.get(start);
    if (known !== undefined) return known ?? undefined;
    const found = this.searchUp(start);
    this.upMemo.set(start, found ?? null);
    return found;
  }

  private searchUp(start: FunctionLike): HotEvidence | undefined {
    const seen = new Set<ts.Node>([start]);
    let level: Array<{ fn: FunctionLike; path: string[] }> = [{ fn: start, path: [] }];
    let budget = UP_BUDGET;
    for (let depth = 0; depth < UP_DEPTH && level.length > 0; depth++) {
      const next: typeof level = [];
      for (const { fn, path: names } of level) {
        const via = [functionName(fn), ...names];
        const through = via.length > 0 ? ` (through ${via.map(quote).join(' → ')})` : '';
        for (const use of this.usesOf(fn)) {
          if (--budget < 0) return undefined;
          if (use.kind === 'call') {
            const caller = this.callers.ownerOf(use.call);
            // A function that calls itself per item walks a structure of its own (a config's `extends`, a tree).
            if (!caller || caller === fn || this.callers.isOneShot(caller)) continue;
            const loop = this.perItemLoop(use.call, caller);
            if (loop) return { text: `${quote(functionName(caller))} calls ${quote(functionName(fn))} once per item of ${loop}${names.length > 0 ? through : ''}`, handler: false };
            const handler = this.handlerOf(caller);
            if (handler) return { text: `called from ${handler}${through}`, handler: true };
            if (!seen.has(caller)) {
              seen.add(caller);
              next.push({ fn: caller, path: via });
            }
          } else {
            const { call } = use;
            const registration = classifyRegistration(this.index.checker, this.index.program, call);
            if (registration?.kind === 'handler') return { text: `it is ${registration.description} at ${where(use.node)}${names.length > 0 ? through : ''}`, handler: true };
            const socket = this.socketListener(call, use.node);
            if (socket) return { text: `it is ${socket} at ${where(use.node)}${names.length > 0 ? through : ''}`, handler: true };
            const collection = ts.isCallExpression(call) ? this.iterationReceiver(call) : undefined;
            if (collection) return { text: `${quote(functionName(fn))} is called once per item of ${quote(short(collection))} at ${where(call)}`, handler: false };
          }
        }
        // A callback (`.then(cb)`, `new Promise(cb)`, an inline async callback) runs for the function that hands it over.
        if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && !declaredName(fn)) {
          const call = receivingCall(fn);
          const role = classifyFunction(this.index.checker, this.index.program, fn);
          if (!call && !isInvokedOnTheSpot(fn) || role.role === 'context' && (role.kind === 'timer' || role.kind === 'emitter')) continue;
          const outer = this.callers.ownerOf(fn);
          if (!outer || this.callers.isOneShot(outer)) continue;
          const collection = call && ts.isCallExpression(call) ? this.iterationReceiver(call) : undefined;
          const loop = collection ? quote(short(collection)) : this.perItemLoop(fn, outer);
          if (loop) return { text: `it runs once per item of ${loop} in ${quote(functionName(outer))}`, handler: false };
          const handler = this.handlerOf(outer);
          if (handler) return { text: `called from ${handler}${through}`, handler: true };
          if (!seen.has(outer)) {
            seen.add(outer);
            next.push({ fn: outer, path: names });
          }
        }
      }
      level = next;
    }
    return undefined;
  }

  /** Every use of a named function the checker can find: calls, and references handed to a call as an argument. */
  private usesOf(fn: FunctionLike): Array<{ kind: 'call'; call: Call } | { kind: 'argument'; call: Call; node: ts.Expression }> {
    const { checker, program } = this.index;
    const out: Array<{ kind: 'call'; call: Call } | { kind: 'argument'; call: Call; node: ts.Expression }> = [];
    const exported = exportNodeOf(fn);
    if (exported) {
      for (const call of callsOfExport(checker, program, fn, exported) ?? []) out.push({ kind: 'call', call });
      return out;
    }
    const nameNode = declaredName(fn);
    if (!nameNode) return out;
    const symbol = aliasTarget(checker, checker.getSymbolAtLocation(nameNode));
    if (!symbol) return out;
    for (const file of program.getSourceFiles()) {
      if (file.isDeclarationFile) continue;
      for (const id of identifiersIn(file).get(nameNode.text) ?? []) {
        if (id === nameNode || isBindingSite(id)) continue;
        const call = callNaming(id);
        if (call) {
          if (this.index.resolveUserFunction(call) === fn) out.push({ kind: 'call', call });
          continue;
        }
        if (aliasTarget(checker, checker.getSymbolAtLocation(id)) !== symbol) continue;
        // `createServer(handle)`, `ids.map(load)`, `app.get('/', this.show.bind(this))`.
        let node: ts.Node = ts.isPropertyAccessExpression(id.parent) && id.parent.name === id ? id.parent : id;
        while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
        const bind = node.parent;
        if (ts.isPropertyAccessExpression(bind) && bind.name.text === 'bind' && ts.isCallExpression(bind.parent) && bind.parent.expression === bind) node = bind.parent;
        const holder = node.parent;
        if (holder && (ts.isCallExpression(holder) || ts.isNewExpression(holder)) && holder.arguments?.includes(node as ts.Expression)) {
          out.push({ kind: 'argument', call: holder, node: node as ts.Expression });
        }
      }
    }
    return out;
  }
}

/**
 * The kind of network socket a value is, by the checker's types: Node's `net.Socket`
 * (and `tls.TLSSocket`, which extends it), `dgram.Socket`, or a WebSocket of `ws`. A
 * terminal's stream (`process.stdin`, a `tty.ReadStream`) extends `net.Socket` and is not one.
 */
export function socketTypeOf(checker: ts.TypeChecker, expr: ts.Expression): string | undefined {
  const type = checker.getTypeAtLocation(expr);
  let found: string | undefined;
  let terminal = false;
  const visit = (t: ts.Type, depth: number) => {
    if (depth > 8) return;
    for (const part of t.isUnionOrIntersection() ? t.types : [t]) {
      const symbol = part.getSymbol();
      const decl = symbol?.declarations?.[0];
      const file = decl?.getSourceFile().fileName;
      if (symbol && file) {
        const base = path.basename(file);
        if (file.includes('/@types/node/')) {
          if (base === 'tty.d.ts') terminal = true;
          else if ((base === 'net.d.ts' && symbol.name === 'Socket') || (base === 'tls.d.ts' && symbol.name === 'TLSSocket') || (base === 'dgram.d.ts' && symbol.name === 'Socket')) {
            found ??= `${base.replace(/\.d\.ts$/, '')}.${symbol.name}`;
          }
        } else if (packageOfFile(file) === 'ws' && symbol.name === 'WebSocket') {
          found ??= 'ws WebSocket';
        }
      }
      if (part.isClassOrInterface()) for (const b of checker.getBaseTypes(part)) visit(b, depth + 1);
    }
  };
  visit(type, 0);
  return terminal ? undefined : found;
}

/**
 * A collection the program writes out itself: an array or object literal, a string, an
 * enum, a `const` bound to one (imported or not), `Object.keys/values/entries` of one.
 */
function isConstantCollection(checker: ts.TypeChecker, expr: ts.Expression, depth = 0): boolean {
  if (depth > 4) return false;
  const node = skipOuterExpressions(expr);
  if (ts.isArrayLiteralExpression(node) || ts.isObjectLiteralExpression(node) || ts.isStringLiteralLike(node) || ts.isTemplateExpression(node)) return true;
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ts.isIdentifier(node.expression.expression) &&
      node.expression.expression.text === 'Object' && ['keys', 'values', 'entries'].includes(node.expression.name.text) && node.arguments[0]) {
    return isConstantCollection(checker, node.arguments[0], depth + 1);
  }
  if (ts.isIdentifier(node) || ts.isPropertyAccessExpression(node)) {
    // An object the program writes out (also as a module's `module.exports = { … }`): its keys are fixed.
    const literal = checker.getTypeAtLocation(node).getSymbol()?.declarations?.[0];
    if (literal && ts.isObjectLiteralExpression(literal) && literal.properties.length > 0) return true;
    const symbol = aliasTarget(checker, checker.getSymbolAtLocation(ts.isPropertyAccessExpression(node) ? node.name : node));
    const decl = symbol?.valueDeclaration;
    if (!decl) return false;
    if (ts.isEnumDeclaration(decl)) return true;
    if (ts.isVariableDeclaration(decl) && decl.initializer && ts.isVariableDeclarationList(decl.parent) && (decl.parent.flags & ts.NodeFlags.Const) !== 0) {
      return isLiteralCollection(decl.initializer);
    }
    if ((ts.isPropertyAssignment(decl) || ts.isPropertyDeclaration(decl) && (ts.getCombinedModifierFlags(decl) & ts.ModifierFlags.Readonly) !== 0) && decl.initializer) {
      return isLiteralCollection(decl.initializer);
    }
  }
  return false;
}

const LISTING_CALLS = new Set(['readdir', 'readdirSync', 'opendir', 'opendirSync', 'glob', 'globSync']);
const LISTING_MODULES = new Set(['fs', 'fs/promises', 'fs-extra', 'graceful-fs']);
const SAME_ENTRIES = new Set(['sort', 'filter', 'slice', 'reverse', 'toSorted']);

function isListingCall(checker: ts.TypeChecker, program: ts.Program, call: ts.CallExpression): boolean {
  const target = resolveCallee(checker, program, call);
  return target.kind === 'module-export' && LISTING_CALLS.has(target.name) && LISTING_MODULES.has(target.module.replace(/^node:/, ''));
}

/**
 * A directory listing: what `fs.readdir`/`readdirSync`/`opendir` (of fs, fs/promises,
 * fs-extra, graceful-fs) returns, awaited, sorted or filtered, or handed to a `.then()` or
 * the callback. A stat or read per entry scans a directory: its size is the directory's,
 * not a request's, so the loop is no evidence on its own (a handler that runs it is).
 */
function isDirectoryListing(checker: ts.TypeChecker, program: ts.Program, expr: ts.Expression, depth = 0): boolean {
  if (depth > 5) return false;
  const node = skipOuterExpressions(expr);
  if (ts.isAwaitExpression(node)) return isDirectoryListing(checker, program, node.expression, depth + 1);
  if (ts.isCallExpression(node)) {
    const callee = skipOuterExpressions(node.expression);
    if (ts.isPropertyAccessExpression(callee) && SAME_ENTRIES.has(callee.name.text) && isDirectoryListing(checker, program, callee.expression, depth + 1)) return true;
    return isListingCall(checker, program, node);
  }
  if (!ts.isIdentifier(node)) return false;
  const decl = checker.getSymbolAtLocation(node)?.valueDeclaration;
  if (!decl) return false;
  if (ts.isVariableDeclaration(decl)) return decl.initializer !== undefined && isDirectoryListing(checker, program, decl.initializer, depth + 1);
  if (!ts.isParameter(decl) || !(ts.isArrowFunction(decl.parent) || ts.isFunctionExpression(decl.parent))) return false;
  const fn = decl.parent;
  const call = receivingCall(fn);
  if (!call || !ts.isCallExpression(call)) return false;
  const callee = skipOuterExpressions(call.expression);
  // readdir(dir).then((files) => …)
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'then' && fn.parameters[0] === decl) return isDirectoryListing(checker, program, callee.expression, depth + 1);
  // fs.readdir(dir, (err, files) => …)
  return fn.parameters[1] === decl && isListingCall(checker, program, call);
}

function isLiteralCollection(expr: ts.Expression): boolean {
  const node = skipOuterExpressions(expr);
  return ts.isArrayLiteralExpression(node) || ts.isObjectLiteralExpression(node) || ts.isStringLiteralLike(node);
}

/** `i < ids.length`, `i < count`: the loop's bound when it is data, not a literal or a constant. */
function dataBoundOf(checker: ts.TypeChecker, condition: ts.Expression | undefined): ts.Expression | undefined {
  if (!condition) return undefined;
  const node = skipOuterExpressions(condition);
  if (!ts.isBinaryExpression(node)) return undefined;
  const op = node.operatorToken.kind;
  let bound: ts.Expression;
  if (op === ts.SyntaxKind.LessThanToken || op === ts.SyntaxKind.LessThanEqualsToken) bound = node.right;
  else if (op === ts.SyntaxKind.GreaterThanToken || op === ts.SyntaxKind.GreaterThanEqualsToken) bound = node.left;
  else return undefined;
  bound = skipOuterExpressions(bound);
  if (ts.isNumericLiteral(bound)) return undefined;
  if (ts.isPropertyAccessExpression(bound) && bound.name.text === 'length') {
    return isConstantCollection(checker, bound.expression) ? undefined : bound.expression;
  }
  if (ts.isIdentifier(bound)) {
    const decl = aliasTarget(checker, checker.getSymbolAtLocation(bound))?.valueDeclaration;
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer && ts.isNumericLiteral(skipOuterExpressions(decl.initializer))) return undefined;
    return bound;
  }
  return undefined;
}

/** The index of the parameter of `fn` that `expr` is, or a property of (`opts.items`), if it is one. */
function parameterIndexOf(checker: ts.TypeChecker, expr: ts.Expression, fn: FunctionLike): number | undefined {
  let root = skipOuterExpressions(expr);
  while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root)) root = skipOuterExpressions(root.expression);
  if (!ts.isIdentifier(root)) return undefined;
  const decl = checker.getSymbolAtLocation(root)?.valueDeclaration;
  if (!decl || !ts.isParameter(decl) || decl.parent !== fn) return undefined;
  return fn.parameters.indexOf(decl);
}

function enclosingFunctionOf(node: ts.Node): FunctionLike | undefined {
  for (let current = node.parent; current; current = current.parent) if (isFunctionLike(current)) return current;
  return undefined;
}

/** `(async () => { … })()`: runs right there, as part of the function around it. */
function isInvokedOnTheSpot(fn: ts.Node): boolean {
  let node = fn;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  return ts.isCallExpression(node.parent) && node.parent.expression === node;
}

function where(node: ts.Node): string {
  const file = node.getSourceFile();
  const line = ts.getLineAndCharacterOfPosition(file, node.getStart()).line + 1;
  return `${path.basename(file.fileName)}:${line}`;
}

function short(expr: ts.Expression): string {
  const text = expr.getText().replace(/\s+/g, ' ');
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

function quote(s: string): string {
  return `'${s}'`;
}
