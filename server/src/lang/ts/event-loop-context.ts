/**
 * Decides whether a function's body runs on the event loop in a way that makes a
 * blocking call hurt: async bodies, promise callbacks, request handlers, and
 * (at a lower severity) timer and event-emitter callbacks. Inline callbacks
 * handed to anything else (`array.map(x => …)`) run synchronously inside their
 * caller, so they take on the caller's context.
 */
import { ts } from './compiler';
import { calleeName, isAsyncFunction, isFunctionLike, skipOuterExpressions, walk, type FunctionLike } from './ast';
import { originPackageOf, packageOfFile, resolveCallee } from './callee';
import { isPoolTaskModule } from './worker-pools';
import { isProcessEntry } from './process-entries';
import { shapedRequestHandlerOf } from './request-handlers';

export type ContextKind = 'async' | 'promise' | 'handler' | 'timer' | 'emitter';

export type FunctionRole =
  | { role: 'context'; kind: ContextKind; description: string }
  /** Runs synchronously inside whatever calls the function it is passed to. */
  | { role: 'inline' }
  /** An ordinary function: it blocks whoever calls it. */
  | { role: 'plain' };

const PROMISE_METHODS = new Set(['then', 'catch', 'finally']);
const TIMERS = new Set(['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask']);
const EMITTER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);
const ROUTE_METHODS = new Set(['get', 'post', 'put', 'delete', 'del', 'patch', 'options', 'head', 'all', 'use', 'route', 'addHook', 'any', 'ws', 'connect', 'trace', 'ext']);
const SERVER_FACTORIES = new Set(['createServer', 'createSecureServer']);
const SERVER_MODULES = new Set(['http', 'https', 'net', 'http2', 'tls']);
const FRAMEWORK_PACKAGES = ['express', 'koa', 'fastify', '@koa/router', 'koa-router', 'restify', '@hapi/hapi', 'uWebSockets.js'];

export interface RegistrationKind {
  kind: ContextKind;
  description: string;
}

function isFrameworkPackage(pkg: string | undefined): boolean {
  return pkg !== undefined && FRAMEWORK_PACKAGES.some((name) => pkg === name || pkg.startsWith(name + '/'));
}

/** The package that declares the receiver's type, e.g. `express` for an `Express` app. */
function receiverTypePackage(checker: ts.TypeChecker, receiver: ts.Expression): string | undefined {
  const type = checker.getTypeAtLocation(receiver);
  const symbol = type.aliasSymbol ?? type.getSymbol();
  const file = symbol?.declarations?.[0]?.getSourceFile().fileName;
  return file ? packageOfFile(file) : undefined;
}

function isEventEmitter(checker: ts.TypeChecker, receiver: ts.Expression): boolean {
  const type = checker.getTypeAtLocation(receiver);
  const on = type.getProperty('on');
  const file = on?.declarations?.[0]?.getSourceFile().fileName ?? '';
  return file.includes('/@types/node/');
}

/**
 * What kind of event-loop callback a call registers, if any: `p.then(cb)`,
 * `setTimeout(cb)`, `http.createServer(cb)`, `app.get(path, cb)`, `emitter.on(e, cb)`.
 */
export function classifyRegistration(checker: ts.TypeChecker, program: ts.Program, call: ts.CallExpression | ts.NewExpression): RegistrationKind | undefined {
  const name = calleeName(call);
  if (!name) return undefined;
  const callee = skipOuterExpressions(call.expression);
  if (ts.isNewExpression(call)) {
    return name === 'Promise' ? { kind: 'promise', description: 'a Promise executor' } : undefined;
  }
  if (PROMISE_METHODS.has(name) && ts.isPropertyAccessExpression(callee)) {
    return { kind: 'promise', description: `a .${name}() callback` };
  }
  if (TIMERS.has(name) || name === 'nextTick') {
    const target = resolveCallee(checker, program, call);
    const declaredByPlatform = target.kind === 'module-export' ? target.builtin || target.module === 'timers' : target.kind === 'unknown';
    if (declaredByPlatform && (ts.isIdentifier(callee) || name === 'nextTick' || TIMERS.has(name))) {
      return { kind: 'timer', description: `a ${name}() callback` };
    }
    return undefined;
  }
  if (SERVER_FACTORIES.has(name)) {
    const target = resolveCallee(checker, program, call);
    if (target.kind === 'module-export' && SERVER_MODULES.has(target.module)) {
      return { kind: 'handler', description: `a ${target.module}.${name}() request handler` };
    }
    return undefined;
  }
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const receiver = callee.expression;
  if (EMITTER_METHODS.has(name)) {
    const first = call.arguments[0];
    const event = first && ts.isStringLiteralLike(first) ? first.text : undefined;
    const receiverPkg = receiverTypePackage(checker, receiver);
    if ((event === 'request' || event === 'connection') &&
        (SERVER_MODULES.has(receiverPkg ?? '') || SERVER_MODULES.has(originPackageOf(checker, receiver)?.replace(/^node:/, '') ?? ''))) {
      return { kind: 'handler', description: `a '${event}' handler` };
    }
    if (ts.isIdentifier(receiver) && receiver.text === 'process') return undefined;
    if (isEventEmitter(checker, receiver)) return { kind: 'emitter', description: `an event listener${event ? ` for '${event}'` : ''}` };
    return undefined;
  }
  if (ROUTE_METHODS.has(name)) {
    const pkg = receiverTypePackage(checker, receiver);
    if (isFrameworkPackage(pkg) || isFrameworkPackage(originPackageOf(checker, receiver))) {
      return { kind: 'handler', description: `a route handler (.${name}())` };
    }
  }
  return undefined;
}

/** Which call, if any, receives `fn` directly as an argument (or as `{ handler: fn }`). */
export function receivingCall(fn: ts.Node): ts.CallExpression | ts.NewExpression | undefined {
  let node: ts.Node = fn;
  while (node.parent && ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (parent && (ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(node as ts.Expression)) {
    return parent;
  }
  // fastify.route({ handler: async (req) => … }) and similar option objects.
  if (parent && ts.isPropertyAssignment(parent) && ts.isObjectLiteralExpression(parent.parent)) {
    let options: ts.Expression = parent.parent;
    // hapi's server.route([{ …, handler }, …]): a list of option objects.
    if (ts.isArrayLiteralExpression(options.parent)) options = options.parent;
    const call = options.parent;
    if (call && (ts.isCallExpression(call) || ts.isNewExpression(call)) && call.arguments?.includes(options)) return call;
  }
  return undefined;
}

const rolesByProgram = new WeakMap<ts.Program, WeakMap<ts.Node, FunctionRole>>();

/** Every rule asks this of every callback it walks past; the answer holds for one program. */
export function classifyFunction(checker: ts.TypeChecker, program: ts.Program, fn: FunctionLike): FunctionRole {
  let roles = rolesByProgram.get(program);
  if (!roles) rolesByProgram.set(program, (roles = new WeakMap()));
  let role = roles.get(fn);
  if (!role) roles.set(fn, (role = classifyUncached(checker, program, fn)));
  return role;
}

function classifyUncached(checker: ts.TypeChecker, program: ts.Program, fn: FunctionLike): FunctionRole {
  if (isAsyncFunction(fn)) return { role: 'context', kind: 'async', description: 'this async function' };
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return { role: 'plain' };
  const call = receivingCall(fn);
  if (!call) return { role: 'plain' };
  const registration = classifyRegistration(checker, program, call);
  if (registration) return { role: 'context', kind: registration.kind, description: registration.description };
  // `app.use((req, res) => …)`, `before.push(function (req, res) {…})` for an untyped server: it runs per request, not inline.
  const served = fn.parameters.length >= 2 ? shapedRequestHandlerOf(checker, program, fn) : undefined;
  if (served) return { role: 'context', kind: 'handler', description: served };
  return { role: 'inline' };
}

/**
 * Calls made while `fn` runs: its body, plus inline callbacks it hands to other
 * calls. Nested functions that run later (or only when called) are skipped.
 */
export function forEachCallIn(checker: ts.TypeChecker, program: ts.Program, fn: FunctionLike,
  visit: (call: ts.CallExpression | ts.NewExpression, directlyInFunction: boolean) => void): void {
  if (!fn.body) return;
  const stack: Array<{ node: ts.Node; direct: boolean }> = [{ node: fn.body, direct: true }];
  while (stack.length > 0) {
    const { node, direct } = stack.pop()!;
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) visit(node, direct);
    node.forEachChild((child) => {
      if (isFunctionLike(child)) {
        const role = classifyFunction(checker, program, child);
        if (role.role === 'inline') stack.push({ node: child, direct: false });
        return;
      }
      if (ts.isClassDeclaration(child) || ts.isClassExpression(child)) return;
      stack.push({ node: child, direct });
    });
  }
}

/**
 * Async functions that only start-up code runs: a script's `main()` called
 * only from module top level, or an async function expression invoked on the
 * spot there (`(async () => { … })()`). They run once, before the process
 * serves anything, so blocking or heavy work in them holds nothing up.
 */
export class StartupFunctions {
  private referencesByName?: Map<string, ts.Identifier[]>;

  constructor(private readonly sourceFile: ts.SourceFile, private readonly checker: ts.TypeChecker) {}

  isStartupOnly(fn: FunctionLike): boolean {
    if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) return isInvokedAtLoad(fn);
    if (!ts.isFunctionDeclaration(fn) || !fn.name || fn.parent !== this.sourceFile) return false;
    if (ts.getCombinedModifierFlags(fn) & ts.ModifierFlags.Export) return false;
    const symbol = this.checker.getSymbolAtLocation(fn.name);
    const references = (this.references().get(fn.name.text) ?? []).filter((id) => id !== fn.name &&
      this.checker.getSymbolAtLocation(id) === symbol);
    if (references.length === 0) return false;
    return references.every((id) => {
      const parent = id.parent;
      const isCall = ts.isCallExpression(parent) && parent.expression === id;
      return isCall && !hasFunctionAncestor(id);
    });
  }

  private references(): Map<string, ts.Identifier[]> {
    if (!this.referencesByName) {
      const map = new Map<string, ts.Identifier[]>();
      walk(this.sourceFile, (node) => {
        if (ts.isIdentifier(node)) {
          const list = map.get(node.text);
          if (list) list.push(node);
          else map.set(node.text, [node]);
        }
      });
      this.referencesByName = map;
    }
    return this.referencesByName;
  }
}

function hasFunctionAncestor(node: ts.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionLike(current)) return true;
  }
  return false;
}

/** `(async () => { … })()` outside any function: it runs once, when the module loads. */
function isInvokedAtLoad(fn: ts.ArrowFunction | ts.FunctionExpression): boolean {
  let node: ts.Node = fn;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const call = node.parent;
  return ts.isCallExpression(call) && call.expression === node && !hasFunctionAncestor(call);
}

const WORKER_SIDE_EXPORTS = new Set(['parentPort', 'workerData']);
const workerModules = new WeakMap<ts.SourceFile, boolean>();

/**
 * Whether a module is a worker thread's entry point: code that runs when it
 * loads uses `parentPort` or `workerData` from worker_threads (it listens for
 * its parent's messages, or reads the data it was started with) unguarded, and
 * nothing in the module asks `isMainThread`. Everything in such a module runs
 * on the worker's own thread, which is where blocking and CPU-heavy work is
 * meant to go, not on the main event loop. A module that may run on either
 * side (`if (parentPort) …`, an `isMainThread` branch) is not one. Given the
 * program, a module a worker pool or `new Worker(file)` loads as its task is one too.
 */
export function isWorkerThreadModule(checker: ts.TypeChecker, sourceFile: ts.SourceFile, program?: ts.Program): boolean {
  let known = workerModules.get(sourceFile);
  if (known === undefined) {
    known = computeWorkerThreadModule(checker, sourceFile);
    workerModules.set(sourceFile, known);
  }
  // A pool's task module (`new Piscina({ filename })`): known from the program's pools (worker-pools.ts).
  return known || (program !== undefined && isPoolTaskModule(checker, program, sourceFile));
}

function computeWorkerThreadModule(checker: ts.TypeChecker, sourceFile: ts.SourceFile): boolean {
  const text = sourceFile.text;
  if (!text.includes('worker_threads') || !/\b(?:parentPort|workerData)\b/.test(text) || /\bisMainThread\b/.test(text)) return false;
  let found = false;
  const stack: ts.Node[] = [...sourceFile.statements];
  while (stack.length > 0 && !found) {
    const node = stack.pop()!;
    if (ts.isImportDeclaration(node) || ts.isClassLike(node) || ts.isFunctionDeclaration(node)) continue;
    // Function bodies run when called; only those invoked on the spot run at load.
    if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && !isInvokedAtLoad(node)) continue;
    if (isFunctionLike(node) && !ts.isArrowFunction(node) && !ts.isFunctionExpression(node)) continue;
    if (isWorkerSideUse(checker, node)) {
      found = true;
      break;
    }
    node.forEachChild((child) => {
      stack.push(child);
    });
  }
  return found;
}

/** `parentPort!.on(…)`, `workerData.sab`, `const { a } = workerData`: a use that needs the worker side. */
function isWorkerSideUse(checker: ts.TypeChecker, node: ts.Node): boolean {
  let name: ts.Identifier | undefined;
  let expr: ts.Expression | undefined;
  if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.name) && WORKER_SIDE_EXPORTS.has(node.name.text) &&
      originPackageOf(checker, node.expression)?.replace(/^node:/, '') === 'worker_threads') {
    name = node.name;
    expr = node;
  } else if (ts.isIdentifier(node) && WORKER_SIDE_EXPORTS.has(node.text) && !isBindingName(node) &&
      !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node) &&
      originPackageOf(checker, node)?.replace(/^node:/, '') === 'worker_threads') {
    name = node;
    expr = node;
  }
  return name !== undefined && expr !== undefined && !isTestedForPresence(expr);
}

function isBindingName(id: ts.Identifier): boolean {
  const parent = id.parent;
  return (ts.isBindingElement(parent) && (parent.name === id || parent.propertyName === id)) ||
    (ts.isVariableDeclaration(parent) && parent.name === id) || ts.isImportSpecifier(parent) || ts.isShorthandPropertyAssignment(parent);
}

/** `if (parentPort)`, `parentPort && …`, `parentPort ? … : …`: code that also runs where it is null. */
function isTestedForPresence(expr: ts.Expression): boolean {
  let node: ts.Node = expr;
  while (ts.isParenthesizedExpression(node.parent) || ts.isPrefixUnaryExpression(node.parent) && node.parent.operator === ts.SyntaxKind.ExclamationToken) {
    node = node.parent;
  }
  const parent = node.parent;
  if ((ts.isIfStatement(parent) || ts.isWhileStatement(parent)) && parent.expression === node) return true;
  if (ts.isConditionalExpression(parent) && parent.condition === node) return true;
  if (ts.isBinaryExpression(parent) && parent.left === node) {
    const op = parent.operatorToken.kind;
    return op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken ||
      op === ts.SyntaxKind.EqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsEqualsToken ||
      op === ts.SyntaxKind.ExclamationEqualsToken || op === ts.SyntaxKind.ExclamationEqualsEqualsToken;
  }
  return false;
}

const binModules = new WeakMap<ts.SourceFile, boolean>();

/**
 * Whether a module is a command-line entry point: a target of the `bin` field of
 * the nearest package.json above it, or a module such a target starts as a Node
 * process of its own (`fork(__dirname + '/../dist/cli.js')`; process-entries.ts).
 * Such a module runs once per command; its async functions are one-shot steps,
 * not request handlers. (Callbacks it registers with a server or emitter, or for
 * its parent's messages, are still event-loop code; the rule checks for those
 * before it relies on this.)
 */
export function isBinModule(sourceFile: ts.SourceFile): boolean {
  let known = binModules.get(sourceFile);
  if (known === undefined) {
    known = isProcessEntry(sourceFile.fileName);
    binModules.set(sourceFile, known);
  }
  return known;
}

const SERVER_CONSTRUCTORS = new Set(['Server', 'SecureServer']);

/** Whether the checker declares `listen`/`close` of the value's type on Node's `net.Server` (http, https, tls and http2 servers extend it). */
function isTypedNodeServer(checker: ts.TypeChecker, expr: ts.Expression): boolean {
  // `this.server?.listen()`: the server, when there is one.
  const decl = checker.getNonNullableType(checker.getTypeAtLocation(expr)).getProperty('listen')?.declarations?.[0];
  const parent = decl?.parent;
  if (!decl || !parent || !decl.getSourceFile().fileName.includes('/@types/node/')) return false;
  return (ts.isClassDeclaration(parent) || ts.isInterfaceDeclaration(parent)) && parent.name?.text === 'Server';
}

/**
 * Whether an expression is a server of Node's http/https/net/tls/http2: by its type,
 * or, without types, by where its value comes from: `http.createServer(…)`,
 * `new net.Server(…)`, `server.listen(…)` (which returns the server), through the
 * locals it is assigned to. A socket (`net.connect()`) is not a server.
 */
export function isNodeServer(checker: ts.TypeChecker, program: ts.Program, expr: ts.Expression, depth = 0): boolean {
  if (depth > 6) return false;
  const node = skipOuterExpressions(expr);
  if (isTypedNodeServer(checker, node)) return true;
  if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && isServerCreation(checker, program, node)) return true;
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'listen') {
    return isNodeServer(checker, program, node.expression.expression, depth + 1);
  }
  if (ts.isIdentifier(node)) {
    const decl = checker.getSymbolAtLocation(node)?.valueDeclaration;
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer && ts.isIdentifier(decl.name)) return isNodeServer(checker, program, decl.initializer, depth + 1);
  }
  // `this.httpServer`, assigned `http.createServer(app)` in the class (JavaScript without declared types).
  if (ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword) {
    for (const decl of checker.getSymbolAtLocation(node.name)?.declarations ?? []) {
      const holder = decl.parent;
      const assigned = ts.isBinaryExpression(holder) && (holder.left as ts.Node) === decl && holder.operatorToken.kind === ts.SyntaxKind.EqualsToken ? holder.right
        : ts.isPropertyDeclaration(decl) ? decl.initializer : undefined;
      if (assigned && isNodeServer(checker, program, assigned, depth + 1)) return true;
    }
  }
  return false;
}

/** `http.createServer(…)`, `https.createSecureServer`, `new net.Server(…)`: a call that makes a Node server, by the module it resolves to. */
function isServerCreation(checker: ts.TypeChecker, program: ts.Program, call: ts.CallExpression | ts.NewExpression): boolean {
  const name = calleeName(call);
  if (!name || !(ts.isNewExpression(call) ? SERVER_CONSTRUCTORS.has(name) : SERVER_FACTORIES.has(name))) return false;
  const target = resolveCallee(checker, program, call);
  return target.kind === 'module-export' && SERVER_MODULES.has(target.module.replace(/^node:/, ''));
}

/**
 * Whether a call starts a Node server: it creates one (`https.createServer(options,
 * app)`, `new net.Server()`) or calls `listen()` on one or on a server framework's app
 * (known from the checker's types or from where the receiver's value comes from).
 */
export function startsServer(checker: ts.TypeChecker, program: ts.Program, call: ts.CallExpression | ts.NewExpression): boolean {
  if (isServerCreation(checker, program, call)) return true;
  const callee = skipOuterExpressions(call.expression);
  if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(callee) || callee.name.text !== 'listen') return false;
  const receiver = callee.expression;
  // A server's own listen(), one whose result is a Node server (express's and koa's app.listen()
  // return the http.Server they start), or a server framework's app (`express()`) without types.
  return isNodeServer(checker, program, receiver) || isTypedNodeServer(checker, call) ||
    isFrameworkPackage(receiverTypePackage(checker, receiver)) || isFrameworkPackage(originPackageOf(checker, receiver));
}

/**
 * `server.on('close', () => …)` on a Node server: the server emits 'close' once,
 * when it has stopped, so the listener runs once per server.
 */
export function isServerCloseListener(checker: ts.TypeChecker, program: ts.Program, fn: FunctionLike): boolean {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
  const call = receivingCall(fn);
  if (!call || !ts.isCallExpression(call) || call.arguments[1] !== skipParensUp(fn)) return false;
  const callee = skipOuterExpressions(call.expression);
  const event = call.arguments[0];
  return ts.isPropertyAccessExpression(callee) && (callee.name.text === 'on' || callee.name.text === 'once') &&
    !!event && ts.isStringLiteralLike(event) && event.text === 'close' && isNodeServer(checker, program, callee.expression);
}

function skipParensUp(node: ts.Node): ts.Node {
  while (node.parent && ts.isParenthesizedExpression(node.parent)) node = node.parent;
  return node;
}
