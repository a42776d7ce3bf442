/** sequential-await: the TypeScript reading (the rule's header and meta are in index.ts). */
import { ts } from '../../lang/ts/compiler';
import { calleeName, isFunctionLike, skipOuterExpressions, walk } from '../../lang/ts/ast';
import { containsAwait, forEachInSameFunction } from '../../lang/ts/context-walk';
import { isWrittenOutList } from '../../lang/ts/heavy-work';
import type { Fix } from '../../core/finding';
import type { TsRuleContext } from '../../lang/ts/rule-context';

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

function checkLoop(ctx: TsRuleContext, loop: ts.ForOfStatement | ts.ForInStatement | ts.ForStatement): void {
  const checker = ctx.index.checker;
  const awaits = awaitsIn(loop);
  if (awaits.length === 0) return;
  if (ts.isForStatement(loop) && !isCountingLoop(loop)) return;
  if (hasEarlyExit(loop) || carriesState(checker, loop) || isPaced(awaits) || isOrdered(checker, loop, awaits)) return;
  // An await that does not use the iteration's item is not per-item work (a sync point, a poll).
  if (!awaits.some((a) => usesIterationData(checker, loop, a))) return;
  const first = awaits[0];
  const label = ts.isForOfStatement(loop) ? describeIterable(loop.expression) : 'the loop';
  ctx.report({
    start: first.getStart(),
    end: first.getEnd(),
    message: `This await runs once per iteration of ${label}, one after another, though the iterations do not depend on each other. Start them together with 'await Promise.all(…map(async …))', or with a concurrency limit (p-limit, or batches) for long lists.`,
    fixes: promiseAllFix(ctx, loop),
  });
}

function describeIterable(expr: ts.Expression): string {
  const text = expr.getText().replace(/\s+/g, ' ');
  return `'${text.length > 40 ? text.slice(0, 37) + '…' : text}'`;
}

/** `for (let i = 0; i < n; i++)`: a counter and nothing else in the header. */
function isCountingLoop(loop: ts.ForStatement): boolean {
  return !!loop.initializer && ts.isVariableDeclarationList(loop.initializer) && !!loop.condition && !!loop.incrementor &&
    !containsAwaitOrCall(loop.condition);
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

/**
 * A value carried from one iteration to the next: a variable declared outside the
 * loop assigned inside it (`total += await f(x)`, `prev = x`), or the counter of a
 * `for` changed in the body.
 */
function carriesState(checker: ts.TypeChecker, loop: ts.IterationStatement): boolean {
  let carried = false;
  const loopStart = loop.getStart();
  const loopEnd = loop.getEnd();
  const declaredOutside = (target: ts.Expression): boolean => {
    const node = skipOuterExpressions(target);
    if (!ts.isIdentifier(node)) return ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) ? declaredOutside(node.expression) : false;
    const decl = checker.getSymbolAtLocation(node)?.valueDeclaration;
    if (!decl) return true;
    // The for's own counter is declared in the header: changing it in the body carries too.
    if (ts.isForStatement(loop) && loop.initializer && decl.getStart() >= loop.initializer.getStart() && decl.getEnd() <= loop.initializer.getEnd()) return true;
    return decl.getStart() < loopStart || decl.getStart() > loopEnd;
  };
  const visit = (node: ts.Node) => {
    if (carried || isFunctionLike(node)) return;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
      const left = skipOuterExpressions(node.left);
      // Writes to a property keyed by this iteration's item are independent: `out[x.id] = await f(x)`.
      if (ts.isIdentifier(left) && declaredOutside(left) || (ts.isPropertyAccessExpression(left) && declaredOutside(left) && !ts.isElementAccessExpression(left.expression))) {
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

/** A sleep, a back-off or a hand-made timer promise between iterations: the pacing is the point. */
function isPaced(awaits: ts.AwaitExpression[]): boolean {
  return awaits.some((a) => {
    const expr = skipOuterExpressions(a.expression);
    if (ts.isNewExpression(expr) && calleeName(expr) === 'Promise') return true;
    return ts.isCallExpression(expr) && PACING.test(calleeName(expr) ?? '');
  });
}

/**
 * Loops whose work is a sequence of effects rather than independent reads,
 * told apart by shape (and by a collection named for its order):
 * - the collection is written out in the code (`for (const ev of ['pre', 'run', 'post'])`):
 *   the author listed steps, in order;
 * - every await is a statement whose value is dropped, so it is done for its
 *   effect, and either the effect goes to one object that outlives the loop
 *   (`await stream.write(chunk)`, `await page.click(sel)`, `await db.query(…)`)
 *   or the loop walks a collection the object keeps (`for (const p of this.plugins)
 *   await p.start()`), a registry whose order is its contract;
 * - calls made for their effect both before and after the await (output that
 *   would interleave).
 * A list the function grows by a fixed number of pushes counts as written out.
 */
function isOrdered(checker: ts.TypeChecker, loop: ts.IterationStatement, awaits: ts.AwaitExpression[]): boolean {
  const iterable = ts.isForOfStatement(loop) ? skipOuterExpressions(loop.expression) : undefined;
  if (iterable && (ts.isArrayLiteralExpression(iterable) || ts.isIdentifier(iterable) && (isWrittenOutList(checker, iterable) || isGrownByFixedSteps(checker, iterable, loop)))) return true;
  const iterableName = iterable && (ts.isIdentifier(iterable) ? iterable.text : ts.isPropertyAccessExpression(iterable) ? iterable.name.text : undefined);
  if (iterableName && ORDERED_COLLECTION.test(iterableName)) return true;
  if (hasEffectsAroundAwait(loop, awaits)) return true;
  if (!awaits.every(isForEffect)) return false;
  const keptByObject = !!iterable && ts.isPropertyAccessExpression(iterable) && iterable.expression.kind === ts.SyntaxKind.ThisKeyword;
  return keptByObject || awaits.some((a) => goesToSharedObject(checker, loop, a));
}

/** Adding to a collection: bookkeeping that Promise.all's array does for you, not an effect. */
const COLLECTING_METHODS = new Set(['push', 'unshift', 'set', 'add']);

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
    if (!ts.isCallExpression(expr) || containsAwait(expr)) return false;
    if (ts.isPropertyAccessExpression(expr.expression) && COLLECTING_METHODS.has(expr.expression.name.text)) return false;
    if (node.getEnd() <= first) before = true;
    else if (node.getStart() > awaits[0].getEnd()) after = true;
    return false;
  });
  return before && after;
}

/** `await f(x);` as a statement: nothing reads the result. */
function isForEffect(a: ts.AwaitExpression): boolean {
  let node: ts.Node = a;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  return ts.isExpressionStatement(node.parent);
}

/**
 * `const events = [[main]]; if (pre) events.unshift([pre]); for (const e of events) …`:
 * a list declared in this function that only grows by pushes outside any loop,
 * so the code fixes how many steps it holds, and in what order.
 */
function isGrownByFixedSteps(checker: ts.TypeChecker, id: ts.Identifier, loop: ts.IterationStatement): boolean {
  const symbol = checker.getSymbolAtLocation(id);
  const decl = symbol?.valueDeclaration;
  if (!symbol || !decl || !ts.isVariableDeclaration(decl) || !decl.initializer || !ts.isArrayLiteralExpression(skipOuterExpressions(decl.initializer))) return false;
  let scope: ts.Node | undefined = decl;
  while (scope && !isFunctionLike(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
  if (!scope) return false;
  let fixed = true;
  const inLoop = (node: ts.Node) => {
    for (let cur = node.parent; cur && cur !== scope; cur = cur.parent) {
      if (ts.isIterationStatement(cur, false) || isFunctionLike(cur)) return true;
    }
    return false;
  };
  const visit = (node: ts.Node) => {
    if (!fixed) return;
    if (ts.isIdentifier(node) && node.text === id.text && node !== decl.name && checker.getSymbolAtLocation(node) === symbol) {
      const isIterable = node === skipOuterExpressions((loop as ts.ForOfStatement).expression);
      const access = node.parent;
      const grows = ts.isPropertyAccessExpression(access) && access.expression === node && /^(?:push|unshift)$/.test(access.name.text) &&
        ts.isCallExpression(access.parent) && access.parent.expression === access;
      if (!isIterable && !(grows && !inLoop(access.parent))) fixed = false;
    }
    node.forEachChild(visit);
  };
  visit(scope);
  return fixed;
}

/**
 * A method call on an object declared outside the loop and not taken from the
 * iteration (`stream.write(chunk)`, not `conn.close()` on each `conn`), and not
 * a module namespace (`fs.promises.unlink(f)` is a plain function).
 */
function goesToSharedObject(checker: ts.TypeChecker, loop: ts.IterationStatement, a: ts.AwaitExpression): boolean {
  const call = skipOuterExpressions(a.expression);
  if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression)) return false;
  let receiver: ts.Expression = skipOuterExpressions(call.expression.expression);
  while (ts.isPropertyAccessExpression(receiver) || ts.isElementAccessExpression(receiver)) receiver = skipOuterExpressions(receiver.expression);
  if (receiver.kind === ts.SyntaxKind.ThisKeyword) return true;
  if (!ts.isIdentifier(receiver)) return false;
  const symbol = checker.getSymbolAtLocation(receiver);
  const decl = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
  if (!decl || decl.getStart() >= loop.getStart() && decl.getEnd() <= loop.getEnd()) return false;
  // A class or the language's own globals (`Promise.resolve(x)`, `Model.create(row)`) hold no sequence.
  if (symbol!.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Enum | ts.SymbolFlags.ValueModule) || decl.getSourceFile().isDeclarationFile) return false;
  if (ts.isImportSpecifier(decl) || ts.isNamespaceImport(decl) || ts.isImportClause(decl) || ts.isImportEqualsDeclaration(decl)) return false;
  if (ts.isVariableDeclaration(decl) && decl.initializer && isRequireCall(skipOuterExpressions(decl.initializer))) return false;
  return true;
}

function isRequireCall(node: ts.Expression): boolean {
  while (ts.isPropertyAccessExpression(node)) node = skipOuterExpressions(node.expression);
  return ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require';
}

/** Whether an await reads the loop's item or counter, or something declared in the body. */
function usesIterationData(checker: ts.TypeChecker, loop: ts.IterationStatement, awaitNode: ts.AwaitExpression): boolean {
  const header = ts.isForStatement(loop) ? loop.initializer : ts.isForOfStatement(loop) || ts.isForInStatement(loop) ? loop.initializer : undefined;
  const inside = (pos: number) => header && pos >= header.getStart() && pos <= header.getEnd() || pos >= loop.statement.getStart() && pos <= loop.statement.getEnd();
  let uses = false;
  const visit = (node: ts.Node) => {
    if (uses) return;
    if (ts.isIdentifier(node)) {
      const decl = checker.getSymbolAtLocation(node)?.valueDeclaration;
      if (decl && decl.getSourceFile() === loop.getSourceFile() && inside(decl.getStart())) uses = true;
    }
    node.forEachChild(visit);
  };
  visit(awaitNode.expression);
  return uses;
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

/** `for (const x of xs) { … }` → `await Promise.all(xs.map(async (x) => { … }));`, for arrays. */
function promiseAllFix(ctx: TsRuleContext, loop: ts.IterationStatement): Fix[] {
  if (!ts.isForOfStatement(loop) || !ts.isVariableDeclarationList(loop.initializer)) return [];
  const list = loop.initializer;
  if (!(list.flags & ts.NodeFlags.Const) || list.declarations.length !== 1 || hasContinueOrVar(loop.statement)) return [];
  const checker = ctx.index.checker;
  const iterType = checker.getTypeAtLocation(loop.expression);
  const isArray = checker.isArrayType(iterType) || checker.isTupleType(iterType);
  if (!isArray) return [];
  if (!ts.isExpressionStatement(loop.parent) && !ts.isBlock(loop.parent) && !ts.isSourceFile(loop.parent) && !ts.isCaseClause(loop.parent)) return [];
  const binding = list.declarations[0].name.getText();
  const iterable = loop.expression.getText();
  const needsParens = !/^[\w$.]+(?:\([^()]*\))?$/.test(iterable);
  const body = ts.isBlock(loop.statement) ? loop.statement.getText() : `{ ${loop.statement.getText()} }`;
  const param = `(${binding})`;
  const replacement = `await Promise.all(${needsParens ? `(${iterable})` : iterable}.map(async ${param} => ${body}));`;
  return [{
    title: 'Run the iterations concurrently with Promise.all',
    edits: [{ start: loop.getStart(), end: loop.getEnd(), newText: replacement }],
    safe: false,
  }];
}
