/**
 * The reverse view of the call graph that blocking-call-in-async reports from:
 * for a blocking call, which event-loop entry points (async functions, request
 * handlers, promise, timer and listener callbacks) reach it through the
 * synchronous functions between them. A finding is made once, at the blocking
 * call (where the fix goes), and lists the entry points, instead of once per
 * async caller.
 *
 * Built once per program, lazily, from the calls whose callee name can reach a
 * blocking API at all (the name filter of call-name-index.ts), so the checker
 * resolves the few calls that matter and not the whole program.
 *
 * Start-up, CLI and shutdown code is not an entry point: an async function that
 * only one-shot code calls (a `bin` module, a script's `main()`, a top-level
 * `require.main === module` block, module load) is itself one-shot, across
 * modules; process exit and signal handlers run once, at shutdown.
 */
import { ts } from './compiler';
import { aliasTarget, callNaming, calleeName, calleeNameNode, functionName, declaredName, identifiersIn, isBindingSite, isFunctionLike, skipOuterExpressions, walk, type FunctionLike } from './ast';
import { callsIn } from './call-name-index';
import { packageOfFile, unbound, userFunctionOf } from './callee';
import { classifyFunction, classifyRegistration, isBinModule, isServerCloseListener, isWorkerThreadModule, startsServer, StartupFunctions, type ContextKind } from './event-loop-context';
import { isMemoisedCall, isOnErrorPath } from './memo-guard';
import { isCreateIfMissing } from './create-guard';
import { isOutsidePackageRuntime } from './package-runtime';
import { callsOfExport, exportNodeOf } from './export-uses';
import { shapedRequestHandlerOf } from './request-handlers';
import type { ChainStep } from '../../core/reachability';

type Call = ts.CallExpression | ts.NewExpression;

/** An event-loop entry point that reaches a blocking call. */
export interface BlockingEntry {
  fn: FunctionLike;
  kind: ContextKind;
  /** "this async function", "a route handler (.get())" … */
  description: string;
  /** The calls from the entry point down to the blocking call's function (empty when the call is in the entry itself). */
  chain: ChainStep[];
  /** The calls of `chain`, in the same order. */
  calls: Call[];
}

/** What the reverse view needs from the project index. */
export interface CallerIndex {
  readonly checker: ts.TypeChecker;
  readonly program: ts.Program;
  mayBlock(name: string): boolean;
  resolveUserFunction(call: Call): FunctionLike | undefined;
}

/** Process events that fire once, at shutdown. */
const SHUTDOWN_EVENTS = new Set(['exit', 'beforeExit', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGBREAK', 'SIGUSR2', 'uncaughtException', 'unhandledRejection']);
const PROCESS_LISTEN = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);
/** How many synchronous functions down a call may start a server for startsAServer. */
const SERVER_START_DEPTH = 2;

export class BlockingCallers {
  /** Calls the checker resolves to each user function (sync or async). */
  private readonly callsTo = new Map<ts.Node, Call[]>();
  /** `createServer(handle)`, `app.get('/', handle)`: functions handed over by reference as event-loop callbacks. */
  private readonly registrations = new Map<ts.Node, Array<{ node: ts.Expression; call: Call; kind: ContextKind; description: string }>>();
  /** Keyed by the walk's depth limit, then by the function. */
  private readonly entryMemo = new Map<number, Map<ts.Node, BlockingEntry[]>>();
  private readonly oneShotMemo = new Map<ts.Node, boolean>();
  /** Uses skipped because they lead back to a function being decided (see oneShotState). */
  private cycleHits = 0;
  private readonly startupByFile = new Map<ts.SourceFile, StartupFunctions>();
  private readonly servingFiles = new Map<ts.SourceFile, boolean>();
  private readonly serverStarts = new Map<ts.Node, boolean>();

  constructor(private readonly index: CallerIndex) {
    const { checker, program } = index;
    const implementations = this.implementationsOfAbstractMembers();
    for (const file of program.getSourceFiles()) {
      if (file.isDeclarationFile) continue;
      for (const [name, sites] of callsIn(file).byName) {
        if (!index.mayBlock(name)) continue;
        for (const { call } of sites) {
          const target = index.resolveUserFunction(call);
          if (target) {
            push(this.callsTo, target, call);
            // A base method that only throws ("not implemented") stands for its overrides.
            for (const impl of (isPlaceholderMethod(target) && implementations.get(target)) || []) push(this.callsTo, impl, call);
          } else if (implementations.size > 0) {
            // `store.read()` through an interface or an abstract method: every implementation the program has.
            const nameNode = calleeNameNode(call);
            const symbol = nameNode && checker.getSymbolAtLocation(nameNode);
            const decl = symbol?.declarations?.[0];
            for (const impl of (decl && implementations.get(decl)) ?? []) push(this.callsTo, impl, call);
          }
        }
      }
      for (const { call, arg, name } of argumentRefsIn(file)) {
        if (!index.mayBlock(name)) continue;
        // `app.get('/', this.home.bind(this))` hands over `this.home`.
        const expr = skipOuterExpressions(unbound(checker, program, arg));
        if (!ts.isIdentifier(expr) && !ts.isPropertyAccessExpression(expr)) continue;
        const fn = referencedFunction(checker, expr);
        if (!fn) continue;
        const registration = classifyRegistration(checker, program, call);
        if (registration) push(this.registrations, fn, { node: expr, call, ...registration });
      }
    }
  }

  /**
   * Methods that implement an interface member or an abstract method, by the
   * member's declaration: `class FileStore implements Store { read() {…} }` is what a
   * call of `Store.read` may run. Only methods whose name can reach a blocking
   * API are looked at.
   */
  private implementationsOfAbstractMembers(): Map<ts.Node, FunctionLike[]> {
    const { checker, program } = this.index;
    const out = new Map<ts.Node, FunctionLike[]>();
    for (const file of program.getSourceFiles()) {
      if (file.isDeclarationFile) continue;
      for (const fn of callsIn(file).functions) {
        if (!ts.isMethodDeclaration(fn) || !fn.body || !ts.isIdentifier(fn.name) || !this.index.mayBlock(fn.name.text)) continue;
        const cls = fn.parent;
        if (!ts.isClassLike(cls)) continue;
        for (const clause of cls.heritageClauses ?? []) {
          for (const base of clause.types) {
            const member = checker.getTypeAtLocation(base).getProperty(fn.name.text);
            const decl = member?.declarations?.[0];
            if (!member || !decl) continue;
            const isAbstract = ts.isMethodSignature(decl) || ts.isPropertySignature(decl) ||
              ts.isMethodDeclaration(decl) && !decl.body && (ts.getCombinedModifierFlags(decl) & ts.ModifierFlags.Abstract) !== 0 ||
              ts.isMethodDeclaration(decl) && isPlaceholderMethod(decl);
            if (isAbstract) for (const d of member.declarations ?? []) push(out, d, fn);
          }
        }
      }
    }
    return out;
  }

  /**
   * The function a call belongs to for the event loop: the nearest enclosing
   * function that is not an inline callback (`rows.map(r => …)` runs inside its
   * caller). Undefined at module level (it runs once, when the module loads).
   */
  ownerOf(node: ts.Node): FunctionLike | undefined {
    for (let current = node.parent; current; current = current.parent) {
      if (!isFunctionLike(current)) continue;
      if (isShutdownHandler(current) || isServerCloseListener(this.index.checker, this.index.program, current)) return current;
      if (isExecutorOfKeptPromise(current)) continue;
      if (classifyFunction(this.index.checker, this.index.program, current).role !== 'inline') return current;
    }
    return undefined;
  }

  /** Where a synchronous function is handed over by reference as an event-loop callback (`createServer(handle)`). */
  registrationsOf(fn: FunctionLike): ReadonlyArray<{ node: ts.Expression; call: Call; kind: ContextKind; description: string }> {
    return this.registrations.get(fn) ?? [];
  }

  /**
   * The event-loop entry points that reach `fn` (the function a blocking call is
   * in), through synchronous calls not on an error path and not memoised, with at
   * most `maxDepth` synchronous functions (`fn` included) between the entry point
   * and the blocking call: the rule's meta.chainDepth, as in the Python reading.
   */
  entriesReaching(fn: FunctionLike, maxDepth: number): BlockingEntry[] {
    let memo = this.entryMemo.get(maxDepth);
    if (!memo) this.entryMemo.set(maxDepth, (memo = new Map()));
    let entries = memo.get(fn);
    if (!entries) memo.set(fn, (entries = this.search(fn, maxDepth)));
    return entries;
  }

  private search(root: FunctionLike, maxDepth: number): BlockingEntry[] {
    const { checker, program } = this.index;
    const entries: BlockingEntry[] = [];
    const seen = new Set<ts.Node>([root]);
    let level: Array<{ fn: FunctionLike; chain: ChainStep[]; calls: Call[] }> = [{ fn: root, chain: [], calls: [] }];
    for (let depth = 0; depth <= maxDepth && level.length > 0; depth++) {
      const next: typeof level = [];
      for (const { fn, chain, calls } of level) {
        if (isWorkerThreadModule(checker, fn.getSourceFile(), program) || isShutdownHandler(fn)) continue;
        // Starting a server, and a server's 'close' listener, run once per server.
        if (this.startsAServer(fn) || isServerCloseListener(checker, program, fn)) continue;
        const role = classifyFunction(checker, program, fn);
        if (role.role === 'context') {
          if (!this.isOneShot(fn)) entries.push({ fn, kind: role.kind, description: role.description, chain, calls });
          continue;
        }
        // A generator's body runs as it is iterated, not where it is called.
        if ('asteriskToken' in fn && fn.asteriskToken) continue;
        const served = serverHandlerKind(checker, fn) ?? shapedRequestHandlerOf(checker, program, fn);
        if (served) {
          entries.push({ fn, kind: 'handler', description: served, chain, calls });
          continue;
        }
        for (const registration of this.registrations.get(fn) ?? []) {
          entries.push({ fn, kind: registration.kind, description: registration.description, chain, calls });
        }
        for (const call of this.callsTo.get(fn) ?? []) {
          const caller = this.ownerOf(call);
          if (!caller || seen.has(caller)) continue;
          if (isOnErrorPath(call, caller) || isMemoisedCall(checker, call, caller) || isCreateIfMissing(checker, program, call, caller)) continue;
          seen.add(caller);
          next.push({ fn: caller, chain: [step(caller, fn, call), ...chain], calls: [call, ...calls] });
        }
      }
      level = next;
    }
    return entries;
  }

  /**
   * Whether a function runs only as part of one-shot work: start-up, a command's
   * one run, module load. An async function (or a function called by one) whose
   * every use in the program is a call from one-shot code is one-shot too; one
   * with no known caller may be called by anything, and is not. A call from a
   * function being decided further up (recursion: a config reader that reads
   * what it `extends`) adds no caller of its own, so it decides nothing; a
   * function called only that way has no caller, and is not one-shot.
   */
  isOneShot(fn: FunctionLike): boolean {
    return this.oneShotState(fn, new Set()) === true;
  }

  /** `'cycle'`: every use leads back to a function being decided. */
  private oneShotState(fn: FunctionLike, visiting: Set<ts.Node>): boolean | 'cycle' {
    const known = this.oneShotMemo.get(fn);
    if (known !== undefined) return known;
    if (visiting.has(fn)) {
      this.cycleHits++;
      return 'cycle';
    }
    visiting.add(fn);
    const hitsBefore = this.cycleHits;
    const result = this.computeOneShot(fn, visiting);
    visiting.delete(fn);
    // A yes that leaned on a function still being decided holds only for that question;
    // a no, or any answer to the outermost question, holds for good.
    if (visiting.size === 0 || result === false || this.cycleHits === hitsBefore) this.oneShotMemo.set(fn, result === true);
    return result;
  }

  private computeOneShot(fn: FunctionLike, visiting: Set<ts.Node>): boolean | 'cycle' {
    const { checker, program } = this.index;
    const file = fn.getSourceFile();
    if (isShutdownHandler(fn) || this.startsAServer(fn) || isServerCloseListener(checker, program, fn)) return true;
    const role = classifyFunction(checker, program, fn);
    if (role.role === 'context') {
      if (role.kind === 'promise') {
        // `main().then(…)`, `new Promise(…)` inside one-shot code: the callback runs once too.
        const owner = this.ownerOf(fn);
        return owner === undefined ? this.isOneShotTopLevel(fn) : this.oneShotState(owner, visiting);
      }
      if (role.kind !== 'async') return false;
      if (this.isOneShotFile(file)) return true;
      if (this.startupOf(file).isStartupOnly(fn)) return true;
      if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && underMainGuard(fn)) return true;
    } else if (role.role === 'inline') {
      return false;
    }
    const uses = this.usesOf(fn);
    // A function of a command's module that nothing in the program calls is the command's run,
    // which its launcher calls (`import(cli).then(({ default: run }) => run())`).
    if (role.role !== 'context' && (uses === undefined || uses.length === 0) && this.isOneShotFile(file)) return true;
    // No caller in the program: an export someone outside may call, unless the module is
    // outside the package's runtime (a CI or maintainer script), whose exports its one run calls.
    if (uses === undefined || uses.length === 0) return role.role === 'context' && role.kind === 'async' && isOutsidePackageRuntime(program, file);
    let decided = false;
    for (const call of uses) {
      const owner = this.ownerOf(call);
      const state = owner === undefined ? this.isOneShotTopLevel(call) : this.oneShotState(owner, visiting);
      if (state === 'cycle') continue;
      if (!state) return false;
      decided = true;
    }
    return decided ? true : 'cycle';
  }

  /**
   * Whether the function starts a Node server while it runs (creates one, or calls
   * its `listen()`; inline callbacks included, the handlers it registers not): it
   * runs once per server start, so what it does itself is start-up work.
   */
  startsAServer(fn: FunctionLike, depth = 0): boolean {
    // Only the full-depth answer is kept; the depth bounds the search below it.
    let known = depth === 0 ? this.serverStarts.get(fn) : undefined;
    if (known === undefined) {
      const { checker, program } = this.index;
      let found = false;
      // What runs while fn runs: its body, inline callbacks and the executor of a promise it
      // awaits (`await new Promise((resolve) => app.listen(port, resolve))`), as ownerOf reads them.
      const visit = (node: ts.Node): void => {
        if (found) return;
        if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && startsServer(checker, program, node)) {
          found = true;
          return;
        }
        // `this.httpServer.run()`, whose body calls `listen()`: a synchronous function of the
        // program that starts a server starts it for its caller too (two such calls deep).
        if (ts.isCallExpression(node) && depth < SERVER_START_DEPTH) {
          const target = this.index.resolveUserFunction(node);
          if (target && target !== fn && isSynchronousFn(target) && this.startsAServer(target, depth + 1)) {
            found = true;
            return;
          }
        }
        node.forEachChild((child) => {
          if (isFunctionLike(child)) {
            if (isExecutorOfKeptPromise(child) || classifyFunction(checker, program, child).role === 'inline') visit(child);
            return;
          }
          if (!ts.isClassLike(child)) visit(child);
        });
      };
      if (fn.body) visit(fn.body);
      known = found;
      if (depth === 0) this.serverStarts.set(fn, known);
    }
    return known;
  }

  /** Module-level code runs once, when the module loads (or once per command, in a `bin` module). */
  private isOneShotTopLevel(_node: ts.Node): boolean {
    return true;
  }

  /**
   * A `bin` module (or a module a bin starts as a process) that hands no callbacks
   * to a server, timer or emitter and does not listen for its parent's messages.
   */
  private isOneShotFile(file: ts.SourceFile): boolean {
    let known = this.servingFiles.get(file);
    if (known === undefined) {
      known = isBinModule(file) && !registersCallbacks(this.index.checker, this.index.program, file) && !listensToParent(file);
      this.servingFiles.set(file, known);
    }
    return known;
  }

  private startupOf(file: ts.SourceFile): StartupFunctions {
    let startup = this.startupByFile.get(file);
    if (!startup) this.startupByFile.set(file, (startup = new StartupFunctions(file, this.index.checker)));
    return startup;
  }

  /**
   * Every use of a function in the program, if each one is a call (`f()`,
   * `this.f()`, `await obj.f()`); undefined when it is also used another way
   * (passed on, stored, exported as a value someone else may call).
   */
  private usesOf(fn: FunctionLike): Call[] | undefined {
    const { checker, program } = this.index;
    // `module.exports = function …`, `export default …`: its importers name it as they like (export-uses.ts).
    const exported = exportNodeOf(fn);
    if (exported) return callsOfExport(checker, program, fn, exported);
    const nameNode = declaredName(fn);
    if (!nameNode) return undefined;
    const symbol = checker.getSymbolAtLocation(nameNode);
    if (!symbol) return undefined;
    const calls: Call[] = [];
    for (const id of this.identifiersNamed(nameNode.text)) {
      if (id === nameNode || isBindingSite(id)) continue;
      const call = callNaming(id);
      if (call) {
        // The checker's answer, as for every other call: through imports and require() too.
        if (this.index.resolveUserFunction(call) === fn) calls.push(call);
        continue;
      }
      let used = checker.getSymbolAtLocation(id);
      if (used) {
        used = aliasTarget(checker, used);
        if (!used) return undefined;
      }
      // Passed on, stored or returned: whoever gets it may call it anywhere. Exported as
      // the module's value (`module.exports = f`): its importers' calls, by their own names.
      if (used === symbol) {
        const via = exportNodeOf(fn, id);
        const more = via && callsOfExport(checker, program, fn, via);
        if (!more) return undefined;
        calls.push(...more);
      }
    }
    // No caller in the program: an export someone outside may call.
    if (calls.length === 0) return undefined;
    return calls;
  }

  private identifiersNamed(name: string): ts.Identifier[] {
    const out: ts.Identifier[] = [];
    for (const file of this.index.program.getSourceFiles()) {
      if (file.isDeclarationFile) continue;
      const found = identifiersIn(file).get(name);
      if (found) out.push(...found);
    }
    return out;
  }
}

/**
 * A call's argument that may name a function (`createServer(handle)`,
 * `app.get('/', routes.list)`, `app.get('/', this.home.bind(this))`), with the
 * name it would be found by: the syntax only, so that it can be kept per file.
 */
interface ArgumentRef {
  call: Call;
  arg: ts.Expression;
  name: string;
}

/** Per SourceFile, like the identifier index below: in call-list order, so registrations keep their order. */
const argumentRefIndex = new WeakMap<ts.SourceFile, ArgumentRef[]>();

function argumentRefsIn(file: ts.SourceFile): ArgumentRef[] {
  let refs = argumentRefIndex.get(file);
  if (!refs) {
    refs = [];
    for (const sites of callsIn(file).byName.values()) {
      for (const { call } of sites) {
        for (const arg of call.arguments ?? []) {
          let expr = skipOuterExpressions(arg);
          // `f.bind(o)`: named by f (the checker decides later whether bind is Function's).
          if (ts.isCallExpression(expr) && ts.isPropertyAccessExpression(expr.expression) && expr.expression.name.text === 'bind') expr = skipOuterExpressions(expr.expression.expression);
          const name = ts.isIdentifier(expr) ? expr.text : ts.isPropertyAccessExpression(expr) ? expr.name.text : undefined;
          if (name !== undefined) refs.push({ call, arg, name });
        }
      }
    }
    argumentRefIndex.set(file, refs);
  }
  return refs;
}

/**
 * `read() { throw new Error('not implemented'); }`: a base class's method whose
 * body only throws, the JavaScript way to declare an abstract method. A call of it
 * runs one of the subclasses' overrides.
 */
function isPlaceholderMethod(fn: ts.Node): boolean {
  if (!ts.isMethodDeclaration(fn) || !fn.body || !ts.isClassLike(fn.parent)) return false;
  const statements = fn.body.statements;
  return statements.length === 1 && ts.isThrowStatement(statements[0]);
}


function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function step(caller: FunctionLike, callee: FunctionLike, call: Call): ChainStep {
  return { caller: functionName(caller), callee: functionName(callee), file: call.getSourceFile().fileName, start: call.getStart(), end: call.getEnd() };
}


function referencedFunction(checker: ts.TypeChecker, expr: ts.Expression): FunctionLike | undefined {
  const nameNode = ts.isPropertyAccessExpression(expr) ? expr.name : expr;
  const symbol = aliasTarget(checker, checker.getSymbolAtLocation(nameNode));
  if (!symbol) return undefined;
  const fn = userFunctionOf(symbol?.valueDeclaration ?? symbol?.declarations?.[0]);
  return fn && isSynchronousFn(fn) ? fn : undefined;
}

export function isSynchronousFn(fn: FunctionLike): boolean {
  const flags = ts.getCombinedModifierFlags(fn as ts.Declaration);
  if (flags & ts.ModifierFlags.Async) return false;
  return !('asteriskToken' in fn && fn.asteriskToken);
}

/**
 * Request and event types of servers whose handlers are plain functions the
 * framework calls: a function that takes one (or is declared as one of its
 * handler types) is a handler, whoever registers it. Keyed by package.
 */
const HANDLER_TYPES: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['next', new Set(['NextRequest', 'NextApiRequest', 'NextApiResponse'])],
  ['aws-lambda', new Set(['APIGatewayProxyEvent', 'APIGatewayProxyEventV2', 'ALBEvent', 'SQSEvent', 'SNSEvent', 'Handler', 'APIGatewayProxyHandler', 'APIGatewayProxyHandlerV2', 'SQSHandler', 'Context'])],
  ['@hapi/hapi', new Set(['Request', 'ResponseToolkit', 'Lifecycle'])],
  ['koa', new Set(['Context', 'ParameterizedContext', 'DefaultContext', 'Middleware'])],
  ['uWebSockets.js', new Set(['HttpResponse', 'HttpRequest', 'WebSocket'])],
]);
const DISPLAY: Record<string, string> = { 'next': 'a Next.js', 'aws-lambda': 'an AWS Lambda', '@hapi/hapi': 'a Hapi', 'koa': 'a Koa', 'uWebSockets.js': 'a uWebSockets.js' };
const NEST_ROUTE_DECORATORS = new Set(['Get', 'Post', 'Put', 'Delete', 'Patch', 'Options', 'Head', 'All', 'Sse', 'MessagePattern', 'EventPattern', 'SubscribeMessage']);

/** The package that declares a type and the type's name: `Request` from `@hapi/hapi`. */
function typePackageOf(type: ts.Type): { pkg: string; name: string } | undefined {
  for (const symbol of [type.aliasSymbol, type.getSymbol()]) {
    const file = symbol?.declarations?.[0]?.getSourceFile().fileName;
    const pkg = file ? packageOfFile(file) : undefined;
    if (pkg && symbol) return { pkg, name: symbol.name };
  }
  return undefined;
}

/**
 * Whether a function is a server's handler by its types: a Next.js route or API
 * handler, an AWS Lambda handler, a Hapi handler, Koa middleware, a uWebSockets.js
 * handler (by a parameter's or the declared function type), or a NestJS
 * controller method (a route decorator from @nestjs/* on a method of a
 * @Controller/@WebSocketGateway class). Returns how to name it.
 */
export function serverHandlerKind(checker: ts.TypeChecker, fn: FunctionLike): string | undefined {
  const known = (hit: { pkg: string; name: string } | undefined) => hit !== undefined && HANDLER_TYPES.get(hit.pkg)?.has(hit.name) === true;
  // The checker's type of each parameter, declared or contextual (`const show: Lifecycle.Method = (request) => …`).
  for (const param of fn.parameters) {
    const hit = typePackageOf(checker.getTypeAtLocation(param));
    if (known(hit)) return `${DISPLAY[hit!.pkg]} handler (takes ${hit!.name})`;
  }
  const holder = fn.parent;
  if (ts.isVariableDeclaration(holder) && holder.initializer === fn && holder.type) {
    const hit = typePackageOf(checker.getTypeFromTypeNode(holder.type));
    if (known(hit)) return `${DISPLAY[hit!.pkg]} handler (${hit!.name})`;
  }
  if (ts.isMethodDeclaration(fn) && ts.isClassLike(fn.parent)) {
    const fromNest = (d: ts.Decorator) => {
      const expr = ts.isCallExpression(d.expression) ? d.expression.expression : d.expression;
      const symbol = aliasTarget(checker, checker.getSymbolAtLocation(ts.isPropertyAccessExpression(expr) ? expr.name : expr));
      const file = symbol?.declarations?.[0]?.getSourceFile().fileName;
      return file && packageOfFile(file)?.startsWith('@nestjs/') ? symbol!.name : undefined;
    };
    const route = (ts.getDecorators(fn) ?? []).map(fromNest).find((n) => n !== undefined && NEST_ROUTE_DECORATORS.has(n));
    const controller = (ts.getDecorators(fn.parent) ?? []).map(fromNest).some((n) => n === 'Controller' || n === 'WebSocketGateway' || n === 'Resolver');
    if (route && controller) return `a NestJS route handler (@${route}())`;
  }
  return undefined;
}

/**
 * `const p = new Promise((resolve) => { … })` inside a function that does not
 * return that promise as its result: the executor runs synchronously, right
 * there, as part of the function that makes the promise (nodemon's `watch()`
 * builds its watcher in one), so that function is where it blocks, and its callers
 * decide whether that is on a hot path. A function whose result is the promise
 * itself (`return new Promise(…)`, `=> new Promise(…)`, `const p = new Promise(…); … return p`) presents an asynchronous
 * API whose callers await it, and its executor stays an entry point
 * (direct-calls.ts hashInExecutor).
 */
function isExecutorOfKeptPromise(fn: FunctionLike): boolean {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
  let node: ts.Node = fn;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const made = node.parent;
  if (!ts.isNewExpression(made) || made.arguments?.[0] !== node || calleeName(made) !== 'Promise') return false;
  let use: ts.Node = made;
  while (ts.isParenthesizedExpression(use.parent) || ts.isAsExpression(use.parent) || ts.isSatisfiesExpression(use.parent)) use = use.parent;
  const holder = use.parent;
  if (ts.isReturnStatement(holder) || ts.isArrowFunction(holder) && holder.body === use) return false;
  // Only inside a function: at module level the executor runs once, at load, either way.
  let maker: ts.Node | undefined = made.parent;
  while (maker && !isFunctionLike(maker)) maker = maker.parent;
  if (!maker) return false;
  // `const p = new Promise(…); …; return p;`: the result is the promise all the same.
  return !(ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name) && returnsName(maker, holder.name.text));
}

function returnsName(fn: ts.Node, name: string): boolean {
  let found = false;
  const visit = (n: ts.Node) => {
    if (found || n !== fn && isFunctionLike(n)) return;
    if (ts.isReturnStatement(n) && n.expression && ts.isIdentifier(skipOuterExpressions(n.expression)) && (skipOuterExpressions(n.expression) as ts.Identifier).text === name) found = true;
    else n.forEachChild(visit);
  };
  visit(fn);
  return found;
}

/** `process.on('SIGINT', () => …)`, `process.once('exit', …)`: runs once, at shutdown. */
export function isShutdownHandler(fn: ts.Node): boolean {
  let node: ts.Node = fn;
  while (node.parent && ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const call = node.parent;
  if (!call || !ts.isCallExpression(call) || !call.arguments.includes(node as ts.Expression)) return false;
  return isShutdownRegistration(call);
}

/**
 * `const onSignal = (signal) => { … }` whose every use is handed (also `.bind()`-ed) to a
 * process shutdown listener: `process.on('SIGINT', onSignal.bind(undefined, 'SIGINT'))`.
 */
function isShutdownOnly(checker: ts.TypeChecker, fn: ts.Node, candidates: ReadonlySet<string>): boolean {
  const holder = fn.parent;
  const name = ts.isFunctionDeclaration(fn) ? fn.name : holder && ts.isVariableDeclaration(holder) && holder.initializer === fn && ts.isIdentifier(holder.name) ? holder.name : undefined;
  if (!name || !candidates.has(name.text)) return false;
  const symbol = checker.getSymbolAtLocation(name);
  if (!symbol) return false;
  let uses = 0;
  let other = false;
  walk(fn.getSourceFile(), (node) => {
    if (other) return false;
    if (ts.isIdentifier(node) && node !== name && node.text === name.text && checker.getSymbolAtLocation(node) === symbol) {
      uses++;
      let value: ts.Node = node;
      if (ts.isPropertyAccessExpression(value.parent) && value.parent.expression === value && value.parent.name.text === 'bind' && ts.isCallExpression(value.parent.parent)) value = value.parent.parent;
      const call = value.parent;
      if (!(call && ts.isCallExpression(call) && call.arguments.includes(value as ts.Expression) && isShutdownRegistration(call))) other = true;
    }
    return true;
  });
  return uses > 0 && !other;
}

/** The names handed (also `.bind()`-ed) to process shutdown listeners in a file. */
function shutdownListenerNames(file: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  if (!file.text.includes('process')) return names;
  walk(file, (node) => {
    if (ts.isCallExpression(node) && isShutdownRegistration(node)) {
      for (const arg of node.arguments.slice(1)) {
        let e = skipOuterExpressions(arg);
        if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'bind') e = skipOuterExpressions(e.expression.expression);
        if (ts.isIdentifier(e)) names.add(e.text);
      }
    }
    return true;
  });
  return names;
}

/** `process.on('SIGINT', …)`, `process.once('exit', …)`: a listener for a process event that fires at shutdown. */
function isShutdownRegistration(call: ts.CallExpression): boolean {
  const callee = skipOuterExpressions(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !PROCESS_LISTEN.has(callee.name.text)) return false;
  const receiver = skipOuterExpressions(callee.expression);
  const isProcess = ts.isIdentifier(receiver) && receiver.text === 'process' ||
    ts.isPropertyAccessExpression(receiver) && receiver.name.text === 'process' && ts.isIdentifier(receiver.expression) && receiver.expression.text === 'globalThis';
  const event = call.arguments[0];
  return isProcess && !!event && ts.isStringLiteralLike(event) && SHUTDOWN_EVENTS.has(event.text);
}

/** Inside `if (require.main === module) { … }` (or `import.meta.main`): the script's own run. */
export function underMainGuard(node: ts.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionLike(current)) return false;
    if (ts.isIfStatement(current) && isMainTest(current.expression) && !ts.isIfStatement(current.parent)) return true;
  }
  return false;
}

function isMainTest(expr: ts.Expression): boolean {
  const e = skipOuterExpressions(expr);
  if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.kind;
    if (op !== ts.SyntaxKind.EqualsEqualsEqualsToken && op !== ts.SyntaxKind.EqualsEqualsToken) return false;
    const text = (x: ts.Expression) => skipOuterExpressions(x).getText();
    const sides = [text(e.left), text(e.right)];
    return sides.includes('require.main') && sides.includes('module');
  }
  return ts.isPropertyAccessExpression(e) && e.getText() === 'import.meta.main';
}

/**
 * `process.on('message', …)`: a child process that serves its parent's messages,
 * one after another, for as long as the parent keeps it (a worker pool's child).
 */
export function listensToParent(file: ts.SourceFile): boolean {
  if (!file.text.includes('message')) return false;
  let found = false;
  walk(file, (node) => {
    if (found) return false;
    if (ts.isCallExpression(node)) {
      const callee = skipOuterExpressions(node.expression);
      const event = node.arguments[0];
      if (ts.isPropertyAccessExpression(callee) && PROCESS_LISTEN.has(callee.name.text) && ts.isIdentifier(callee.expression) &&
          callee.expression.text === 'process' && event && ts.isStringLiteralLike(event) && event.text === 'message') found = true;
    }
    return !found;
  });
  return found;
}

/** Whether the file hands callbacks to a server, a timer or an emitter. */
export function registersCallbacks(checker: ts.TypeChecker, program: ts.Program, file: ts.SourceFile): boolean {
  let found = false;
  const atShutdown = shutdownListenerNames(file);
  walk(file, (node) => {
    if (found) return false;
    // What runs at shutdown (a signal handler and the timer it sets to force the exit) serves nothing.
    if (isFunctionLike(node) && (isShutdownHandler(node) || atShutdown.size > 0 && isShutdownOnly(checker, node, atShutdown))) return false;
    if (ts.isCallExpression(node) && isShutdownRegistration(node)) return false;
    if (isFunctionLike(node)) {
      const role = classifyFunction(checker, program, node);
      if (role.role === 'context' && (role.kind === 'handler' || role.kind === 'timer' || role.kind === 'emitter')) found = true;
    } else if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && calleeName(node) !== undefined &&
        node.arguments?.some((a) => ts.isIdentifier(skipOuterExpressions(a)))) {
      const registration = classifyRegistration(checker, program, node);
      if (registration && registration.kind !== 'promise') found = true;
    }
    return !found;
  });
  return found;
}
