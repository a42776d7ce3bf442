/**
 * Decides whether a function's body runs on the event loop in a way that makes a
 * blocking call hurt: async bodies, promise callbacks, request handlers, and
 * (at a lower severity) timer and event-emitter callbacks. Inline callbacks
 * handed to anything else (`array.map(x => …)`) run synchronously inside their
 * caller, so they take on the caller's context.
 */
import { ts } from './compiler';
import { calleeName, isAsyncFunction, isFunctionLike, skipOuterExpressions, type FunctionLike } from './ast';
import { originPackageOf, packageOfFile, resolveCallee } from './callee';

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
const ROUTE_METHODS = new Set(['get', 'post', 'put', 'delete', 'del', 'patch', 'options', 'head', 'all', 'use', 'route', 'addHook']);
const SERVER_FACTORIES = new Set(['createServer', 'createSecureServer']);
const SERVER_MODULES = new Set(['http', 'https', 'net', 'http2', 'tls']);
const FRAMEWORK_PACKAGES = ['express', 'koa', 'fastify', '@koa/router', 'koa-router', 'restify', '@hapi/hapi'];

export interface RegistrationKind {
  kind: ContextKind;
  description: string;
}

function isFrameworkPackage(pkg: string | undefined): boolean {
  return pkg !== undefined && FRAMEWORK_PACKAGES.some((name) => pkg === name || pkg.startsWith(name + '/'));
}

/** The package that declares the receiver's type, e.g. `express` for an `Express` app. */
function receiverTypePackage(checker: ts.TypeChecker, receiver: ts.Expression): string | undefined {
  try {
    const type = checker.getTypeAtLocation(receiver);
    const symbol = type.aliasSymbol ?? type.getSymbol();
    const file = symbol?.declarations?.[0]?.getSourceFile().fileName;
    return file ? packageOfFile(file) : undefined;
  } catch {
    return undefined;
  }
}

function isEventEmitter(checker: ts.TypeChecker, receiver: ts.Expression): boolean {
  try {
    const type = checker.getTypeAtLocation(receiver);
    const on = type.getProperty('on');
    const file = on?.declarations?.[0]?.getSourceFile().fileName ?? '';
    return file.includes('/@types/node/');
  } catch {
    return false;
  }
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
function receivingCall(fn: ts.Node): ts.CallExpression | ts.NewExpression | undefined {
  let node: ts.Node = fn;
  while (node.parent && ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (parent && (ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(node as ts.Expression)) {
    return parent;
  }
  // fastify.route({ handler: async (req) => … }) and similar option objects.
  if (parent && ts.isPropertyAssignment(parent) && ts.isObjectLiteralExpression(parent.parent)) {
    const call = parent.parent.parent;
    if (call && (ts.isCallExpression(call) || ts.isNewExpression(call)) && call.arguments?.includes(parent.parent)) return call;
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
