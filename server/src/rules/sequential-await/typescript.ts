/** sequential-await: the TypeScript reading (the rule's header and meta are in index.ts). */
import { ts } from '../../lang/ts/compiler';
import { calleeName, isFunctionLike, skipOuterExpressions, walk } from '../../lang/ts/ast';
import { forEachInSameFunction } from '../../lang/ts/context-walk';
import type { Fix } from '../../core/finding';
import type { TsRuleContext } from '../../lang/ts/rule-context';
import { ORDER_INTENDED, PEER_RULE_COMMENT } from './order-intent';


/** A collection whose name says its order is the point: migrations, steps, stages, `…InOrder`, `sorted…`. */
const ORDERED_COLLECTION = /(?:migrations?|steps?|stages?|phases?)$|(?:InOrder|Ordered|Sorted)$|^(?:ordered|sorted)/i;
/** Awaiting these is deliberate pacing: sleeps, rate limits. */
const PACING = /^(?:sleep|delay|wait|waitFor|setTimeout|pause|throttle|backoff|retry|limit)/i;
export function checkTypeScript(ctx: TsRuleContext): void {
  walk(ctx.sourceFile, (node) => {
    if (ctx.token.isCancellationRequested) return false;
    if (ts.isForOfStatement(node) && !node.awaitModifier || ts.isForInStatement(node) || ts.isForStatement(node)) checkLoop(ctx, node);
    return true;
  });
}

/** Awaits in the loop body (an await in the iterable runs only once). */
function awaitsIn(loop: ts.IterationStatement): ts.AwaitExpression[] {
  const out: ts.AwaitExpression[] = [];
  forEachInSameFunction(loop.statement, (node) => {
    if (ts.isAwaitExpression(node)) out.push(node);
    return true;
  });
  return out;
}

type Loop = ts.ForOfStatement | ts.ForInStatement | ts.ForStatement;

function checkLoop(ctx: TsRuleContext, loop: Loop): void {
  const checker = ctx.index.checker;
  const awaits = awaitsIn(loop);
  if (awaits.length === 0) return;
  if (ts.isForStatement(loop) && !isCountingUpLoop(loop)) return;
  if (hasEarlyExit(loop) || isReversedWalk(loop) || isNamedForOrder(loop) || isPaced(checker, awaits)) return;
  if (iteratesCallables(checker, loop) || saysOrderIsIntended(ctx, loop)) return;
  const perIteration = (id: ts.Identifier) => declaredInLoop(checker, loop, id);
  // Every await must be a call that is not on one object that all iterations share
  // (a connection, a stream), and not a hook, a handler or a plugin's extension point;
  // a data item's own method (`await u.load()`) is the item's work.
  if (!awaits.every((a) => isIndependentCall(checker, ctx.index.program, a, perIteration) || isItemMethodCall(checker, loop, a))) return;
  const sinks = collectingSinks(checker, loop);
  if (sinks.length === 0 || sinks.some((s) => readsBackCollection(checker, loop, s, sinks))) return;
  if (carriesState(checker, loop, sinks) || mutatesOutsideCollection(checker, loop, sinks) || hasEffectsAroundAwait(loop, awaits)) return;
  const first = awaits.find((a) => usesIterationData(checker, loop, a) && isCollected(checker, loop, a, sinks));
  if (!first) return;
  const label = ts.isForOfStatement(loop) ? describeIterable(loop.expression) : 'the loop';
  ctx.report({
    start: first.getStart(),
    end: first.getEnd(),
    message: `This await runs once per iteration of ${label}, one after another, though each call takes only its own item and the results are collected. Start them together with 'await Promise.all(…map(async …))', or with a concurrency limit (p-limit, or batches) for long lists.`,
    fixes: promiseAllFix(ctx, loop, sinks),
  });
}

function describeIterable(expr: ts.Expression): string {
  const text = expr.getText().replace(/\s+/g, ' ');
  return `'${text.length > 40 ? text.slice(0, 37) + '…' : text}'`;
}

/** `for (let i = 0; i < n; i++)`: a counter going up, and nothing else in the header. */
function isCountingUpLoop(loop: ts.ForStatement): boolean {
  if (!loop.initializer || !ts.isVariableDeclarationList(loop.initializer) || !loop.condition || !loop.incrementor) return false;
  if (containsAwaitOrCall(loop.condition)) return false;
  const inc = loop.incrementor;
  const up = (ts.isPostfixUnaryExpression(inc) || ts.isPrefixUnaryExpression(inc)) && inc.operator === ts.SyntaxKind.PlusPlusToken ||
    ts.isBinaryExpression(inc) && inc.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken;
  return up;
}

function containsAwaitOrCall(node: ts.Node): boolean {
  let found = false;
  const visit = (n: ts.Node) => {
    if (found) return;
    if (ts.isAwaitExpression(n) || ts.isCallExpression(n)) found = true;
    else n.forEachChild(visit);
  };
  visit(node);
  return found;
}

/** `break`, `return`, `throw`, or a labelled `continue` out of this loop: the loop may stop early, so it is ordered. */
function hasEarlyExit(loop: ts.IterationStatement): boolean {
  let exit = false;
  const visit = (node: ts.Node, nestedLoop: boolean, inSwitch: boolean) => {
    if (exit || isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node) || ts.isThrowStatement(node) || ts.isYieldExpression(node)) {
      exit = true;
      return;
    }
    if (ts.isBreakStatement(node) && (node.label || !nestedLoop && !inSwitch)) {
      exit = true;
      return;
    }
    if (ts.isContinueStatement(node) && node.label) {
      exit = true;
      return;
    }
    const loopHere = ts.isIterationStatement(node, false);
    node.forEachChild((c) => visit(c, nestedLoop || loopHere, inSwitch || ts.isSwitchStatement(node)));
  };
  visit(loop.statement, false, false);
  return exit;
}

/** `for (const x of list.reverse())`, `.toReversed()`, `[...list].reverse()`: undoing in reverse order, as teardown does. */
function isReversedWalk(loop: Loop): boolean {
  if (!ts.isForOfStatement(loop)) return false;
  const it = skipOuterExpressions(loop.expression);
  return ts.isCallExpression(it) && ts.isPropertyAccessExpression(it.expression) && /^(?:reverse|toReversed)$/.test(it.expression.name.text);
}

/** The author named the collection for its order (`migrations`, `stepsInOrder`, `sortedDeps`). */
function isNamedForOrder(loop: Loop): boolean {
  if (!ts.isForOfStatement(loop)) return false;
  const it = skipOuterExpressions(loop.expression);
  const name = ts.isIdentifier(it) ? it.text : ts.isPropertyAccessExpression(it) ? it.name.text : undefined;
  return !!name && ORDERED_COLLECTION.test(name);
}

/** A sleep, a back-off or a hand-made timer promise between iterations: the pacing is the point. */
function isPaced(checker: ts.TypeChecker, awaits: ts.AwaitExpression[]): boolean {
  return awaits.some((a) => {
    const expr = skipOuterExpressions(a.expression);
    if (ts.isNewExpression(expr) && calleeName(expr) === 'Promise') return true;
    if (!ts.isCallExpression(expr)) return false;
    if (PACING.test(calleeName(expr) ?? '')) return true;
    // `await Promise.all(batch.map(…))` per iteration: batches, concurrency limited on purpose.
    return isPromiseCombinator(checker, expr);
  });
}

function isPromiseCombinator(checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  const callee = skipOuterExpressions(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !/^(?:all|allSettled|race|any)$/.test(callee.name.text)) return false;
  const type = checker.getTypeAtLocation(callee.expression);
  return type.getSymbol()?.getName() === 'PromiseConstructor' || ts.isIdentifier(callee.expression) && callee.expression.text === 'Promise';
}

/**
 * The items are functions, or objects that can be called: hooks, middleware,
 * listeners, handlers. Calling each in turn is the point of such a list.
 */
function iteratesCallables(checker: ts.TypeChecker, loop: Loop): boolean {
  if (!ts.isForOfStatement(loop) || !ts.isVariableDeclarationList(loop.initializer) || loop.initializer.declarations.length !== 1) return false;
  const decl = loop.initializer.declarations[0];
  const type = checker.getTypeAtLocation(decl.name);
  const parts = type.isUnion() ? type.types : [type];
  return parts.some((t) => t.getCallSignatures().length > 0 || t.getConstructSignatures().length > 0);
}

/**
 * A comment inside the loop or just above it that says the order is intended
 * ("sequential on purpose", "one at a time", "avoid concurrent queries"), or that
 * silences ESLint's no-await-in-loop there (when peer suppressions are honoured).
 */
function saysOrderIsIntended(ctx: TsRuleContext, loop: Loop): boolean {
  const sf = ctx.sourceFile;
  const text = sf.text;
  for (const comment of commentsOf(sf, loop.getFullStart(), loop.getEnd())) {
    const body = text.slice(comment.pos, comment.end);
    // Our own suppression's reason ("-- order matters here") is the suppression's business.
    if (body.includes('loopwise-disable')) continue;
    if (ORDER_INTENDED.test(body)) return true;
    if (ctx.settings.honourPeerSuppressions && PEER_RULE_COMMENT.test(body)) return true;
  }
  return false;
}

interface CommentSpan {
  pos: number;
  end: number;
}

/** Comment ranges between `start` and `end`, from the scanner (so strings and templates do not count). */
function commentsOf(sf: ts.SourceFile, start: number, end: number): CommentSpan[] {
  const out: CommentSpan[] = [];
  const seen = new Set<number>();
  const add = (ranges: readonly CommentSpan[] | undefined) => {
    for (const r of ranges ?? []) if (!seen.has(r.pos) && r.pos >= start && r.end <= end) {
      seen.add(r.pos);
      out.push(r);
    }
  };
  const visit = (node: ts.Node) => {
    add(ts.getLeadingCommentRanges(sf.text, node.getFullStart()));
    add(ts.getTrailingCommentRanges(sf.text, node.getEnd()));
    node.forEachChild(visit);
  };
  visit(findLoop(sf, start, end) ?? sf);
  return out;
}

function findLoop(sf: ts.SourceFile, start: number, end: number): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (node: ts.Node) => {
    if (found || node.getFullStart() > start || node.getEnd() < end) return;
    if (node.getFullStart() === start && node.getEnd() === end) found = node;
    else node.forEachChild(visit);
  };
  visit(sf);
  return found;
}

/** Whether an identifier's declaration is in the loop's header or body: a per-iteration value. */
function declaredInLoop(checker: ts.TypeChecker, loop: ts.IterationStatement, id: ts.Identifier): boolean {
  const decl = checker.getSymbolAtLocation(id)?.valueDeclaration;
  return !!decl && decl.getSourceFile() === loop.getSourceFile() && decl.getStart() >= loop.getStart() && decl.getEnd() <= loop.getEnd();
}

/** `a` in `a.b[c].d`, `this` in `this.x.y`; undefined for a call or anything else at the root. */
function rootOf(expr: ts.Expression): ts.Expression {
  let node = skipOuterExpressions(expr);
  while (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) node = skipOuterExpressions(node.expression);
  return node;
}

/**
 * An awaited call that each iteration makes on its own: a plain function
 * (`fetchUser(id)`), a module's or class's function (`fsp.readFile(p)`,
 * `User.findById(id)`). Not: a call on the item or on something taken from it
 * (a hook, a handler, a plugin's method), and not a method of one object every
 * iteration shares (`this`, a connection, transaction, session, query runner,
 * cursor or stream held in a variable): calls on one object go through its state
 * one after another, and often must.
 */
function isIndependentCall(checker: ts.TypeChecker, program: ts.Program, a: ts.AwaitExpression, perIteration: (id: ts.Identifier) => boolean): boolean {
  const call = skipOuterExpressions(a.expression);
  if (!ts.isCallExpression(call)) {
    // `await p` of a promise made in this iteration (`const p = f(x); … await p`) is fine; anything else is a sync point.
    const target = skipOuterExpressions(call);
    return ts.isIdentifier(target) && perIteration(target);
  }
  const callee = skipOuterExpressions(call.expression);
  const root = rootOf(callee);
  if (ts.isIdentifier(root) && perIteration(root)) return false;
  if (ts.isIdentifier(callee)) {
    if (isParameterOrLocalOfCallableValue(checker, callee)) return false;
  } else {
    if (!ts.isPropertyAccessExpression(callee) && !ts.isElementAccessExpression(callee)) return false;
    if (!ts.isIdentifier(root) || !isModuleOrClass(checker, program, root)) return false; // `this.x(…)`, `super.x(…)`, `conn.query(…)`: one object
  }
  // `await wrap(this.client.get(x))`: the work is the inner call, on one object.
  if (call.arguments.some((arg) => containsNode(arg, (n) => ts.isCallExpression(n) && callsSharedObject(checker, program, n, perIteration)))) return false;
  // `await createEnum(queryRunner, column)`, `await save(this.tx, row)`: one connection,
  // transaction or session handed to every call, which goes through its state in turn.
  if (call.arguments.some((arg) => isSharedResource(checker, skipOuterExpressions(arg), perIteration))) return false;
  return !(ts.isIdentifier(callee) && closureUsesSharedResource(checker, callee));
}

/**
 * `const buildExecutor = async (entities) => { … new Loader(queryRunner, …).load() … }`
 * called once per item: a function declared inside the enclosing function that
 * reaches a resource it captured (a parameter or local of the enclosing function, or
 * `this.field`, whose type has asynchronous methods), so every iteration goes through
 * the one connection or query runner, in turn.
 */
function closureUsesSharedResource(checker: ts.TypeChecker, callee: ts.Identifier): boolean {
  const decl = checker.getSymbolAtLocation(callee)?.valueDeclaration;
  const fn = decl && ts.isVariableDeclaration(decl) && decl.initializer ? skipOuterExpressions(decl.initializer) : decl;
  if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) || ts.isFunctionDeclaration(fn)) || !fn.body) return false;
  // Only closures: a module-level function's module-level client is another question.
  let outer: ts.Node | undefined = fn.parent;
  while (outer && !isFunctionLike(outer) && !ts.isSourceFile(outer)) outer = outer.parent;
  if (!outer || ts.isSourceFile(outer)) return false;
  const insideClosure = (id: ts.Identifier) => {
    const d = checker.getSymbolAtLocation(id)?.valueDeclaration;
    return !d || d.getSourceFile() !== fn.getSourceFile() || d.getStart() >= fn.getStart() && d.getEnd() <= fn.getEnd() || ts.isSourceFile(d.parent?.parent?.parent ?? d);
  };
  let found = false;
  const visit = (n: ts.Node) => {
    if (found) return;
    const candidate = ts.isPropertyAccessExpression(n) && n.expression.kind === ts.SyntaxKind.ThisKeyword ? n
      : ts.isIdentifier(n) && !(ts.isPropertyAccessExpression(n.parent) && n.parent.name === n) && !insideClosure(n) ? n : undefined;
    if (candidate && isSharedResource(checker, candidate, insideClosure)) {
      found = true;
      return;
    }
    n.forEachChild(visit);
  };
  visit(fn.body);
  return found;
}

/**
 * An argument that is one stateful resource every iteration shares: a name from
 * outside the loop, a parameter or `this.field`, whose type has asynchronous
 * methods (a query runner, connection, transaction, session, cursor, stream).
 * A plain options object or a list has none, and is left alone.
 */
function isSharedResource(checker: ts.TypeChecker, arg: ts.Expression, perIteration: (id: ts.Identifier) => boolean): boolean {
  const root = rootOf(arg);
  if (ts.isIdentifier(root) ? perIteration(root) : root.kind !== ts.SyntaxKind.ThisKeyword) return false;
  if (!ts.isIdentifier(arg) && !ts.isPropertyAccessExpression(arg)) return false;
  const type = checker.getTypeAtLocation(arg);
  if (checker.isArrayLikeType(type) || type.getCallSignatures().length > 0) return false;
  return checker.getPropertiesOfType(checker.getApparentType(type)).some((prop) => {
    if (!(prop.flags & ts.SymbolFlags.Method)) return false;
    const decl = prop.valueDeclaration ?? prop.declarations?.[0];
    // The language's own methods (Object, Map, Set, Array) are not a resource's.
    if (!decl || decl.getSourceFile().hasNoDefaultLib || /\/typescript\/lib\/lib\./.test(decl.getSourceFile().fileName)) return false;
    const propType = checker.getTypeOfSymbolAtLocation(prop, arg);
    return propType.getCallSignatures().some((sig) => {
      const ret = checker.getReturnTypeOfSignature(sig);
      return !!ret.getProperty('then');
    });
  });
}

/** The loop's own item binding (`u` in `for (const u of users)`), when it is a single name. */
function itemBinding(loop: ts.IterationStatement): ts.Identifier | undefined {
  if (!ts.isForOfStatement(loop) || !ts.isVariableDeclarationList(loop.initializer) || loop.initializer.declarations.length !== 1) return undefined;
  const name = loop.initializer.declarations[0].name;
  return ts.isIdentifier(name) ? name : undefined;
}

/**
 * `await u.load()`, `await row.fetchDetails(opts.depth)`: a method that the item's
 * class declares, called on the item itself. Each item does its own work, so the
 * calls are independent, unless the item is an extension point: a callable, a
 * function-valued property (`hook.run`, a handler slot), or a method handed
 * something every iteration shares (`plugin.register(server)`, `ext.method(request, h)`),
 * through which the items act on one object in turn.
 */
function isItemMethodCall(checker: ts.TypeChecker, loop: ts.IterationStatement, a: ts.AwaitExpression): boolean {
  const item = itemBinding(loop);
  const call = skipOuterExpressions(a.expression);
  if (!item || !ts.isCallExpression(call)) return false;
  const callee = skipOuterExpressions(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const receiver = skipOuterExpressions(callee.expression);
  if (!ts.isIdentifier(receiver) || checker.getSymbolAtLocation(receiver) !== checker.getSymbolAtLocation(item)) return false;
  const method = checker.getSymbolAtLocation(callee.name);
  if (!method || !(method.flags & ts.SymbolFlags.Method)) return false;
  // Declared by a class with a body: the item's own code. A method of an interface or
  // an abstract method is an extension point, dispatched to whatever implements it.
  const declarations = method.declarations ?? [];
  if (declarations.length === 0 || !declarations.every((d) => ts.isMethodDeclaration(d) && ts.isClassLike(d.parent) &&
      !(ts.getCombinedModifierFlags(d) & ts.ModifierFlags.Abstract))) return false;
  return call.arguments.every((arg) => !containsNode(arg, (n) => n.kind === ts.SyntaxKind.ThisKeyword || ts.isIdentifier(n) && isSharedObjectName(checker, loop, n)));
}

/** A name from outside the loop whose value is an object (not a string, number, boolean or enum value). */
function isSharedObjectName(checker: ts.TypeChecker, loop: ts.IterationStatement, id: ts.Identifier): boolean {
  if (ts.isPropertyAccessExpression(id.parent) && id.parent.name === id) return false;
  const symbol = checker.getSymbolAtLocation(id);
  const decl = symbol?.valueDeclaration;
  if (!decl || declaredInLoop(checker, loop, id) || ts.isFunctionDeclaration(decl) || ts.isClassDeclaration(decl)) return false;
  const type = checker.getTypeAtLocation(id);
  const parts = type.isUnion() ? type.types : [type];
  const primitive = ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.BigIntLike | ts.TypeFlags.EnumLike | ts.TypeFlags.Undefined | ts.TypeFlags.Null;
  // A read of a property (`opts.depth`) is checked by its own type at the top of the chain.
  if (ts.isPropertyAccessExpression(id.parent) && id.parent.expression === id) {
    const whole = checker.getTypeAtLocation(outermostAccess(id.parent));
    const wholeParts = whole.isUnion() ? whole.types : [whole];
    return !wholeParts.every((t) => (t.flags & primitive) !== 0);
  }
  return !parts.every((t) => (t.flags & primitive) !== 0);
}

function outermostAccess(node: ts.PropertyAccessExpression): ts.Expression {
  let n: ts.Expression = node;
  while (ts.isPropertyAccessExpression(n.parent) && n.parent.expression === n) n = n.parent;
  return n;
}

/**
 * A method call whose receiver is one object every iteration sees: `this`, `super`,
 * or a variable from outside the loop that is not a module, a class or a global.
 * Calls on the item (`x.toString()`) or on a plain function's result are not.
 */
function callsSharedObject(checker: ts.TypeChecker, program: ts.Program, call: ts.CallExpression, perIteration: (id: ts.Identifier) => boolean): boolean {
  let node = skipOuterExpressions(call.expression);
  if (ts.isIdentifier(node)) return false;
  while (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) || ts.isCallExpression(node)) node = skipOuterExpressions(node.expression);
  if (!ts.isIdentifier(node)) return node.kind === ts.SyntaxKind.ThisKeyword || node.kind === ts.SyntaxKind.SuperKeyword;
  if (perIteration(node) || isModuleOrClass(checker, program, node)) return false;
  const decl = checker.getSymbolAtLocation(node)?.valueDeclaration;
  return !(decl && ts.isFunctionDeclaration(decl));
}

/**
 * A function held in a parameter or a local (`next`, `handler`, `cb`): a callback
 * someone handed in, not a function declared for this job.
 */
function isParameterOrLocalOfCallableValue(checker: ts.TypeChecker, id: ts.Identifier): boolean {
  const decl = checker.getSymbolAtLocation(id)?.valueDeclaration;
  return !!decl && ts.isParameter(decl);
}

/** A namespace, a module's export object, a class or a language global: it has functions, not per-object state. */
function isModuleOrClass(checker: ts.TypeChecker, program: ts.Program, id: ts.Identifier): boolean {
  let symbol = checker.getSymbolAtLocation(id);
  if (!symbol) return false;
  const decl0 = symbol.valueDeclaration ?? symbol.declarations?.[0];
  if (decl0 && (ts.isImportSpecifier(decl0) || ts.isNamespaceImport(decl0) || ts.isImportClause(decl0) || ts.isImportEqualsDeclaration(decl0))) {
    if (ts.isNamespaceImport(decl0) || ts.isImportEqualsDeclaration(decl0)) return true;
    if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  }
  if (symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Enum | ts.SymbolFlags.ValueModule | ts.SymbolFlags.NamespaceModule)) return true;
  const decl = symbol.valueDeclaration ?? symbol.declarations?.[0];
  if (!decl) return false;
  if (ts.isSourceFile(decl) || ts.isModuleDeclaration(decl)) return true;
  // The language's globals (`Promise.resolve`, `JSON`, `caches`): declared in the default library.
  if (program.isSourceFileDefaultLibrary(decl.getSourceFile())) return true;
  // `const fs = require('fs')`, `const { promises: fsp } = require('fs')`.
  if (ts.isVariableDeclaration(decl) && decl.initializer && isRequireCall(skipOuterExpressions(decl.initializer))) return true;
  if (ts.isBindingElement(decl)) {
    let d: ts.Node = decl;
    while (ts.isBindingElement(d) || ts.isObjectBindingPattern(d) || ts.isArrayBindingPattern(d)) d = d.parent;
    if (ts.isVariableDeclaration(d) && d.initializer && isRequireCall(skipOuterExpressions(d.initializer))) return true;
  }
  return false;
}

function isRequireCall(node: ts.Expression): boolean {
  while (ts.isPropertyAccessExpression(node)) node = skipOuterExpressions(node.expression);
  return ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require';
}

/** Where a loop puts its results. */
interface Sink {
  /** The statement-level expression that collects: `out.push(v)`, `out[k] = v`, `total += v`. */
  node: ts.Expression;
  /** What is collected. */
  value: ts.Expression;
  /** The collection (or the running sum), declared outside the loop. */
  target: ts.Identifier | ts.Expression;
  kind: 'push' | 'key' | 'sum';
}

const COLLECTING_METHODS = new Set(['push', 'add', 'set']);

/** `out.push(v)`, `set.add(v)`, `map.set(k, v)`, `out[k] = v`, `total += v` (numbers), on something declared outside the loop. */
function collectingSinks(checker: ts.TypeChecker, loop: ts.IterationStatement): Sink[] {
  const sinks: Sink[] = [];
  const outside = (e: ts.Expression): ts.Identifier | ts.Expression | undefined => {
    const root = rootOf(e);
    if (root.kind === ts.SyntaxKind.ThisKeyword) return root;
    return ts.isIdentifier(root) && !declaredInLoop(checker, loop, root) ? root : undefined;
  };
  const visit = (node: ts.Node) => {
    if (!ts.isExpressionStatement(node)) return true;
    const expr = skipOuterExpressions(node.expression);
    if (ts.isCallExpression(expr) && ts.isPropertyAccessExpression(expr.expression) && COLLECTING_METHODS.has(expr.expression.name.text) && expr.arguments.length > 0) {
      const target = outside(expr.expression.expression);
      const last = expr.arguments[expr.arguments.length - 1];
      const value = ts.isSpreadElement(last) ? last.expression : last;
      if (target) sinks.push({ node: expr, value, target, kind: 'push' });
    } else if (ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = skipOuterExpressions(expr.left);
      const target = ts.isElementAccessExpression(left) ? outside(left.expression) : undefined;
      if (target && ts.isElementAccessExpression(left) && usesLoopData(checker, loop, left.argumentExpression)) sinks.push({ node: expr, value: expr.right, target, kind: 'key' });
    } else if (ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken) {
      const target = outside(expr.left);
      const type = checker.getTypeAtLocation(expr.left);
      if (target && type.flags & ts.TypeFlags.NumberLike) sinks.push({ node: expr, value: expr.right, target, kind: 'sum' });
    }
    return true;
  };
  // The body itself may be the one statement: `for (const x of xs) out.push(await f(x));`.
  visit(loop.statement);
  forEachInSameFunction(loop.statement, visit);
  return sinks;
}

function symbolOf(checker: ts.TypeChecker, node: ts.Node): ts.Symbol | undefined {
  return node.kind === ts.SyntaxKind.ThisKeyword ? undefined : checker.getSymbolAtLocation(node);
}

/**
 * The loop reads the collection it is filling anywhere but in the sink itself
 * (`if (seen.has(k)) continue; seen.add(k)`, `f(x, out.length)`, `build(dep, built)`):
 * an iteration depends on what the earlier ones stored.
 */
function readsBackCollection(checker: ts.TypeChecker, loop: ts.IterationStatement, sink: Sink, sinks: Sink[]): boolean {
  const symbol = symbolOf(checker, sink.target);
  if (!symbol) {
    // `this.cache[k] = …`: compare the property path instead; each sink into it names it once.
    const pathOf = (s: Sink) => (ts.isCallExpression(s.node) ? (s.node.expression as ts.PropertyAccessExpression).expression : (skipOuterExpressions((s.node as ts.BinaryExpression).left) as ts.ElementAccessExpression).expression).getText();
    const text = pathOf(sink);
    let reads = 0;
    forEachInSameFunction(loop.statement, (node) => {
      if ((ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) && node.getText() === text) reads++;
      return true;
    });
    return reads > sinks.filter((s) => symbolOf(checker, s.target) === undefined && pathOf(s) === text).length;
  }
  // Every sink into the same collection names it once (`out.push(a)`, `out.push(b)`): those are not reads.
  const sinkTargets = new Set(sinks.map((s) => s.target.getStart()));
  let other = false;
  forEachInSameFunction(loop.statement, (node) => {
    if (other) return false;
    if (ts.isIdentifier(node) && !sinkTargets.has(node.getStart()) && checker.getSymbolAtLocation(node) === symbol) other = true;
    return true;
  });
  return other;
}

/**
 * A value carried from one iteration to the next: a variable declared outside the
 * loop assigned inside it (`cursor = page.next`, `prev = x`), or the counter of a
 * `for` changed in the body. The loop's sinks (`total += await f(x)`) are collection.
 */
function carriesState(checker: ts.TypeChecker, loop: ts.IterationStatement, sinks: Sink[]): boolean {
  let carried = false;
  const loopStart = loop.getStart();
  const loopEnd = loop.getEnd();
  const sinkNodes = new Set<ts.Node>(sinks.map((s) => s.node));
  const declaredOutside = (target: ts.Expression): boolean => {
    const node = skipOuterExpressions(target);
    if (node.kind === ts.SyntaxKind.ThisKeyword) return true;
    if (!ts.isIdentifier(node)) return ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) ? declaredOutside(node.expression) : false;
    const decl = checker.getSymbolAtLocation(node)?.valueDeclaration;
    if (!decl) return true;
    if (ts.isForStatement(loop) && loop.initializer && decl.getStart() >= loop.initializer.getStart() && decl.getEnd() <= loop.initializer.getEnd()) return true;
    return decl.getStart() < loopStart || decl.getStart() > loopEnd;
  };
  const visit = (node: ts.Node) => {
    if (carried || isFunctionLike(node)) return;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment && !sinkNodes.has(node)) {
      const left = skipOuterExpressions(node.left);
      // Writes to a property keyed by this iteration's item are independent: `out[x.id] = f(x)`.
      if (ts.isIdentifier(left) && declaredOutside(left) || ts.isPropertyAccessExpression(left) && declaredOutside(left) ||
          ts.isElementAccessExpression(left) && declaredOutside(left) && !usesLoopData(checker, loop, left.argumentExpression)) {
        carried = true;
        return;
      }
    }
    if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
        (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken) && declaredOutside(node.operand)) {
      carried = true;
      return;
    }
    node.forEachChild(visit);
  };
  visit(loop.statement);
  return carried;
}

/** Removing from or reordering a collection: what later iterations see depends on earlier ones. */
const MUTATING_METHODS = /^(?:delete|clear|pop|shift|splice|sort|reverse|fill|copyWithin)$/;

/**
 * `left.delete(name)`, `queue.shift()` on something from outside the loop: the
 * loop changes state that other iterations (or the code after it) read, so the
 * iterations are not independent.
 */
function mutatesOutsideCollection(checker: ts.TypeChecker, loop: ts.IterationStatement, sinks: Sink[]): boolean {
  const sinkNodes = new Set<ts.Node>(sinks.map((s) => s.node));
  let found = false;
  forEachInSameFunction(loop.statement, (node) => {
    if (found) return false;
    if (ts.isCallExpression(node) && !sinkNodes.has(node) && ts.isPropertyAccessExpression(node.expression) && MUTATING_METHODS.test(node.expression.name.text)) {
      const root = rootOf(node.expression.expression);
      if (root.kind === ts.SyntaxKind.ThisKeyword || ts.isIdentifier(root) && !declaredInLoop(checker, loop, root)) found = true;
    }
    if (ts.isDeleteExpression(node)) {
      const root = rootOf(node.expression);
      if (root.kind === ts.SyntaxKind.ThisKeyword || ts.isIdentifier(root) && !declaredInLoop(checker, loop, root)) found = true;
    }
    return true;
  });
  return found;
}

/**
 * `print(name); const v = await bump(p); print(v)`: a call made for its effect
 * both before and after the first await. Run together, the iterations' effects
 * would interleave (output, prompts), so the order is part of what the loop does.
 */
function hasEffectsAroundAwait(loop: ts.IterationStatement, awaits: ts.AwaitExpression[]): boolean {
  const first = awaits[0].getStart();
  let before = false;
  let after = false;
  forEachInSameFunction(loop.statement, (node) => {
    if (!ts.isExpressionStatement(node)) return true;
    const expr = skipOuterExpressions(node.expression);
    if (!ts.isCallExpression(expr) || containsNode(expr, ts.isAwaitExpression)) return false;
    if (ts.isPropertyAccessExpression(expr.expression) && /^(?:push|unshift|set|add)$/.test(expr.expression.name.text)) return false;
    if (node.getEnd() <= first) before = true;
    else if (node.getStart() > awaits[0].getEnd()) after = true;
    return false;
  });
  return before && after;
}

function containsNode(root: ts.Node, test: (n: ts.Node) => boolean): boolean {
  let found = false;
  const visit = (n: ts.Node) => {
    if (found) return;
    if (test(n)) found = true;
    else if (!isFunctionLike(n)) n.forEachChild(visit);
  };
  visit(root);
  return found;
}

/** Whether an expression reads the loop's item or counter, or something declared in the body. */
function usesLoopData(checker: ts.TypeChecker, loop: ts.IterationStatement, expr: ts.Node): boolean {
  return containsNode(expr, (n) => ts.isIdentifier(n) && declaredInLoop(checker, loop, n));
}

/** Whether the awaited call's arguments read the loop's item or counter, or something declared in the body. */
function usesIterationData(checker: ts.TypeChecker, loop: ts.IterationStatement, awaitNode: ts.AwaitExpression): boolean {
  const call = skipOuterExpressions(awaitNode.expression);
  // Awaiting a promise that already exists (`await fileExport`) starts nothing: the work runs either way.
  if (!ts.isCallExpression(call)) return false;
  if (isItemMethodCall(checker, loop, awaitNode)) return true;
  return call.arguments.some((arg) => usesLoopData(checker, loop, arg));
}

/**
 * Whether the await's result reaches a sink: directly (`out.push(await f(x))`),
 * through locals declared in the body (`const r = await f(x); out[x.id] = r.data`),
 * or as the filter that decides what is collected
 * (`if (await exists(p)) found.push(p)`, `if (!ok) continue; … found.push(p)`).
 */
function isCollected(checker: ts.TypeChecker, loop: ts.IterationStatement, a: ts.AwaitExpression, sinks: Sink[]): boolean {
  const tainted = new Set<ts.Symbol>();
  const carries = (n: ts.Node) => containsNode(n, (m) => m === a || ts.isIdentifier(m) && tainted.has(checker.getSymbolAtLocation(m)!));
  const taint = (name: ts.BindingName) => {
    for (const id of bindingIdentifiers(name)) {
      const s = checker.getSymbolAtLocation(id);
      if (s) tainted.add(s);
    }
  };
  // `const rows = await load(x)`, and `for (const row of rows)` below it.
  forEachInSameFunction(loop.statement, (node) => {
    if (ts.isVariableDeclaration(node) && node.initializer && carries(node.initializer)) taint(node.name);
    if (ts.isForOfStatement(node) && ts.isVariableDeclarationList(node.initializer) && carries(node.expression)) {
      for (const d of node.initializer.declarations) taint(d.name);
    }
    return true;
  });
  for (const sink of sinks) {
    if (carries(sink.value)) return true;
    // The sink sits under a condition the result decides.
    for (let n: ts.Node = sink.node; n !== loop.statement && n.parent; n = n.parent) {
      const p = n.parent;
      if (ts.isIfStatement(p) && n !== p.expression && carries(p.expression)) return true;
      if (ts.isConditionalExpression(p) && n !== p.condition && carries(p.condition)) return true;
    }
    // `if (!ok) continue;` before the sink, in the body's own statements.
    if (ts.isBlock(loop.statement)) {
      for (const st of loop.statement.statements) {
        if (st.getStart() >= sink.node.getStart()) break;
        if (ts.isIfStatement(st) && carries(st.expression) && containsNode(st.thenStatement, ts.isContinueStatement)) return true;
      }
    }
  }
  return false;
}

function bindingIdentifiers(name: ts.BindingName): ts.Identifier[] {
  if (ts.isIdentifier(name)) return [name];
  return name.elements.flatMap((e) => (ts.isOmittedExpression(e) ? [] : bindingIdentifiers(e.name)));
}

// ---- the fix ---------------------------------------------------------------------------

function hasContinueOrVar(body: ts.Statement): boolean {
  let found = false;
  const visit = (node: ts.Node, nestedLoop: boolean) => {
    if (found || isFunctionLike(node)) return;
    if (ts.isContinueStatement(node) && !nestedLoop) found = true;
    if (ts.isVariableDeclarationList(node) && !(node.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const))) found = true;
    if (ts.isIdentifier(node) && node.text === 'arguments') found = true;
    node.forEachChild((c) => visit(c, nestedLoop || ts.isIterationStatement(node, false)));
  };
  visit(body, false);
  return found;
}

/**
 * Two rewrites that keep what the loop computes:
 * - `for (const x of xs) out.push(g(await f(x)));` →
 *   `out.push(...(await Promise.all(xs.map(async (x) => g(await f(x))))));`, results in the items' order;
 * - a body whose only sinks store under a key (`out[x.id] = await f(x)`, `map.set(k, v)`,
 *   `set.add(v)`) → `await Promise.all(xs.map(async (x) => { … }));`: the body moves
 *   whole into the callback, so every local it uses comes along.
 * A running sum or a push among other statements would change meaning; those get no fix.
 */
function promiseAllFix(ctx: TsRuleContext, loop: ts.IterationStatement, sinks: Sink[]): Fix[] {
  if (!ts.isForOfStatement(loop) || !ts.isVariableDeclarationList(loop.initializer)) return [];
  const list = loop.initializer;
  if (!(list.flags & ts.NodeFlags.Const) || list.declarations.length !== 1 || hasContinueOrVar(loop.statement)) return [];
  const checker = ctx.index.checker;
  const iterType = checker.getTypeAtLocation(loop.expression);
  if (!checker.isArrayType(iterType) && !checker.isTupleType(iterType)) return [];
  if (!ts.isExpressionStatement(loop.parent) && !ts.isBlock(loop.parent) && !ts.isSourceFile(loop.parent) && !ts.isCaseClause(loop.parent) && !ts.isDefaultClause(loop.parent)) return [];
  const binding = list.declarations[0].name.getText();
  const iterable = loop.expression.getText();
  const receiver = /^[\w$.]+(?:\([^()]*\))?$/.test(iterable) ? iterable : `(${iterable})`;
  const statements = ts.isBlock(loop.statement) ? loop.statement.statements : [loop.statement];
  let replacement: string | undefined;
  const only = statements.length === 1 && ts.isExpressionStatement(statements[0]) ? skipOuterExpressions(statements[0].expression) : undefined;
  const push = sinks.length === 1 && sinks[0].node === only && ts.isCallExpression(only) && ts.isPropertyAccessExpression(only.expression) &&
    only.expression.name.text === 'push' && only.arguments.length === 1 ? only : undefined;
  if (push) {
    const target = (push.expression as ts.PropertyAccessExpression).expression.getText();
    replacement = `${target}.push(...(await Promise.all(${receiver}.map(async (${binding}) => ${push.arguments[0].getText()}))));`;
  } else if (sinks.every((s) => s.kind === 'key' || s.kind === 'push' && /^(?:set|add)$/.test(((s.node as ts.CallExpression).expression as ts.PropertyAccessExpression).name.text))) {
    const body = ts.isBlock(loop.statement) ? loop.statement.getText() : `{ ${loop.statement.getText()} }`;
    replacement = `await Promise.all(${receiver}.map(async (${binding}) => ${body}));`;
  }
  if (!replacement) return [];
  return [{
    title: 'Run the iterations concurrently with Promise.all',
    edits: [{ start: loop.getStart(), end: loop.getEnd(), newText: replacement }],
    safe: false,
  }];
}
