/**
 * Request handlers of servers the checker has no types for (a connect-like server's
 * middleware, a handler list handed to an untyped `createServer({ before: [...] })`).
 * Two pieces of evidence, both needed:
 *
 * - the shape: the function's first two parameters are used as Node's request and
 *   response pair, the first read as a request (`req.url`, `req.headers`, `req.method`)
 *   and the second written as a response (`res.writeHead(…)`, `res.setHeader(…)`,
 *   `res.end(…)`, `res.statusCode = …`), in its body or the callbacks it makes
 *   (`fs.stat(file, (err, stat) => res.end(…))`);
 * - the registration: the function value reaches an argument of a server-creating call
 *   (`createServer`/`createSecureServer` of any module), handed over directly, in an
 *   array or an option object, through the locals those are held in (`list.push(mw)`),
 *   or as the result of a factory that returns it (`before.push(createMiddleware(opts))`);
 *   or it is `use`d by an app (`app.use(mw)`) that is itself handed to one
 *   (`http.createServer(app)`) or calls its own `listen()` (a connect-like app starts its server).
 *
 * A function with the shape that no server-creating call receives (a helper called once
 * at start-up) is not one; the factory that builds a handler runs once per server.
 */
import * as path from 'node:path';
import { ts } from './compiler';
import { aliasTarget, calleeName, callNaming, declaredName, identifiersIn, isFunctionLike, skipOuterExpressions, type FunctionLike } from './ast';
import { callsOfExport, exportNodeOf } from './export-uses';

const REQUEST_READS = new Set(['url', 'headers', 'method']);
const RESPONSE_CALLS = new Set(['writeHead', 'setHeader', 'end']);
const SERVER_FACTORIES = new Set(['createServer', 'createSecureServer']);
const LIST_ADDERS = new Set(['push', 'unshift']);
/** How many hops (a local, an array, an option object, a factory's return) the value may take. */
const FLOW_DEPTH = 8;
const FLOW_BUDGET = 200;

type Call = ts.CallExpression | ts.NewExpression;

const memo = new WeakMap<ts.Program, WeakMap<ts.Node, Call | null>>();

/** "a (req, res) handler for union.createServer()", or undefined: short, for a finding's message. */
export function shapedRequestHandlerOf(checker: ts.TypeChecker, program: ts.Program, fn: FunctionLike): string | undefined {
  const server = serverOf(checker, program, fn);
  return server ? `a (req, res) handler for ${calleeText(server)}()` : undefined;
}

/** The same with where the server is made, for the hot-path evidence: "… at server.js:40". */
export function shapedRequestHandlerAt(checker: ts.TypeChecker, program: ts.Program, fn: FunctionLike): string | undefined {
  const server = serverOf(checker, program, fn);
  return server ? `a (req, res) handler for ${calleeText(server)}() at ${where(server)}` : undefined;
}

function serverOf(checker: ts.TypeChecker, program: ts.Program, fn: FunctionLike): Call | undefined {
  let byFn = memo.get(program);
  if (!byFn) memo.set(program, (byFn = new WeakMap()));
  let known = byFn.get(fn);
  if (known === undefined) {
    known = (usesRequestResponsePair(checker, fn) ? serverCallReceiving(checker, program, fn) : undefined) ?? null;
    byFn.set(fn, known);
  }
  return known ?? undefined;
}

/** Whether the first parameter is read as a request and the second written as a response. */
export function usesRequestResponsePair(checker: ts.TypeChecker, fn: FunctionLike): boolean {
  const [reqParam, resParam] = fn.parameters;
  if (!fn.body || !reqParam || !resParam || !ts.isIdentifier(reqParam.name) || !ts.isIdentifier(resParam.name)) return false;
  const req = checker.getSymbolAtLocation(reqParam.name);
  const res = checker.getSymbolAtLocation(resParam.name);
  if (!req || !res) return false;
  let readsRequest = false;
  let writesResponse = false;
  const visit = (node: ts.Node): void => {
    if (readsRequest && writesResponse) return;
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
      const name = node.name.text;
      const parent = node.parent;
      if (!readsRequest && REQUEST_READS.has(name) && checker.getSymbolAtLocation(node.expression) === req) readsRequest = true;
      else if (!writesResponse && checker.getSymbolAtLocation(node.expression) === res) {
        if (RESPONSE_CALLS.has(name) && ts.isCallExpression(parent) && parent.expression === node) writesResponse = true;
        if (name === 'statusCode' && ts.isBinaryExpression(parent) && parent.left === node && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) writesResponse = true;
      }
    }
    node.forEachChild(visit);
  };
  visit(fn.body);
  return readsRequest && writesResponse;
}

/** The server-creating call that receives `fn`'s value, following it through locals, lists, option objects and factories. */
function serverCallReceiving(checker: ts.TypeChecker, program: ts.Program, fn: FunctionLike): Call | undefined {
  let budget = FLOW_BUDGET;
  const seen = new Set<ts.Node>();
  const found = (expr: ts.Node, depth: number): Call | undefined => {
    if (depth > FLOW_DEPTH || --budget < 0 || seen.has(expr)) return undefined;
    seen.add(expr);
    let node = expr;
    while (ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent) || ts.isConditionalExpression(node.parent) && node.parent.condition !== node ||
        ts.isBinaryExpression(node.parent) && node.parent.right === node && (node.parent.operatorToken.kind === ts.SyntaxKind.BarBarToken || node.parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) node = node.parent;
    const parent = node.parent;
    if (!parent) return undefined;
    if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(node as ts.Expression)) {
      const name = calleeName(parent);
      if (name && SERVER_FACTORIES.has(name)) return parent;
      // `before.push(mw)`: the value is now in the list.
      const callee = skipOuterExpressions(parent.expression);
      const list = ts.isPropertyAccessExpression(callee) && (LIST_ADDERS.has(callee.name.text) || callee.name.text === 'use') ? skipOuterExpressions(callee.expression) : undefined;
      if (list && ts.isIdentifier(list)) {
        const decl = checker.getSymbolAtLocation(list)?.valueDeclaration;
        if (!decl || !ts.isVariableDeclaration(decl) || !ts.isIdentifier(decl.name)) return undefined;
        // `app.use(mw)`: the app is the request listener handed to `http.createServer(app)`, or it listens itself.
        return (callee as ts.PropertyAccessExpression).name.text === 'use' ? referencesOf(decl.name, depth + 1) ?? listenOf(decl.name) : referencesOf(decl.name, depth + 1);
      }
      return undefined;
    }
    if (ts.isArrayLiteralExpression(parent)) return found(parent, depth + 1);
    if ((ts.isPropertyAssignment(parent) && parent.initializer === node) || ts.isShorthandPropertyAssignment(parent)) {
      return ts.isObjectLiteralExpression(parent.parent) ? found(parent.parent, depth + 1) : undefined;
    }
    if (ts.isVariableDeclaration(parent) && parent.initializer === node && ts.isIdentifier(parent.name)) return referencesOf(parent.name, depth);
    if (ts.isBinaryExpression(parent) && parent.right === node && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(parent.left)) {
      return referencesOf(parent.left, depth);
    }
    // `return function middleware(req, res) {…}`: the factory's calls hand it on.
    if (ts.isReturnStatement(parent) || ts.isArrowFunction(parent) && parent.body === node) {
      let outer: ts.Node | undefined = parent;
      while (outer && !isFunctionLike(outer)) outer = outer.parent;
      if (outer && isFunctionLike(outer)) {
        for (const call of callsOf(checker, program, outer as FunctionLike)) {
          const hit = found(call, depth + 1);
          if (hit) return hit;
        }
      }
      return undefined;
    }
    return undefined;
  };
  // Each other use of a local: where the value goes from there.
  const referencesOf = (name: ts.Identifier, depth: number): Call | undefined => {
    const symbol = checker.getSymbolAtLocation(name);
    if (!symbol) return undefined;
    for (const id of identifiersIn(name.getSourceFile()).get(name.text) ?? []) {
      if (id === name) continue;
      const same = ts.isShorthandPropertyAssignment(id.parent) && id.parent.name === id
        ? checker.getShorthandAssignmentValueSymbol(id.parent) === symbol
        : checker.getSymbolAtLocation(id) === symbol;
      if (!same) continue;
      // `list.push(mw)` names the list as a receiver: that adds to it, it does not hand it on.
      if (ts.isPropertyAccessExpression(id.parent) && id.parent.expression === id) continue;
      const hit = found(id, depth + 1);
      if (hit) return hit;
    }
    return undefined;
  };
  // `app.listen(port)` on the app a handler is `use`d by: a connect-like app starts its own server.
  const listenOf = (name: ts.Identifier): Call | undefined => {
    const symbol = checker.getSymbolAtLocation(name);
    for (const id of identifiersIn(name.getSourceFile()).get(name.text) ?? []) {
      const access = id.parent;
      if (id === name || !ts.isPropertyAccessExpression(access) || access.expression !== id || access.name.text !== 'listen') continue;
      if (ts.isCallExpression(access.parent) && access.parent.expression === access && checker.getSymbolAtLocation(id) === symbol) return access.parent;
    }
    return undefined;
  };
  const start = (): Call | undefined => {
    if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) {
      const hit = found(fn, 0);
      if (hit) return hit;
    }
    const name = declaredName(fn);
    if (name && ts.isFunctionDeclaration(fn)) return referencesOf(name, 0);
    return undefined;
  };
  return start();
}

/** Calls of a function (a handler's factory) the checker resolves: by its name, or through its module's exports. */
function callsOf(checker: ts.TypeChecker, program: ts.Program, fn: FunctionLike): Call[] {
  const exported = exportNodeOf(fn);
  if (exported) return callsOfExport(checker, program, fn, exported) ?? [];
  const name = declaredName(fn);
  if (!name) return [];
  const symbol = aliasTarget(checker, checker.getSymbolAtLocation(name));
  const out: Call[] = [];
  for (const id of identifiersIn(fn.getSourceFile()).get(name.text) ?? []) {
    if (id === name) continue;
    const call = callNaming(id);
    if (call && aliasTarget(checker, checker.getSymbolAtLocation(id)) === symbol) out.push(call);
  }
  return out;
}

function calleeText(call: Call): string {
  const text = skipOuterExpressions(call.expression).getText().replace(/\s+/g, '');
  return text.length > 24 ? calleeName(call) ?? 'createServer' : text;
}

function where(node: ts.Node): string {
  const file = node.getSourceFile();
  return `${path.basename(file.fileName)}:${ts.getLineAndCharacterOfPosition(file, node.getStart()).line + 1}`;
}
