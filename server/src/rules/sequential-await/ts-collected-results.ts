/**
 * sequential-await (TS): the data flow of a loop body: where the results go (its sinks), whether an await's
 * result reaches one, and whether anything is carried from one iteration to the next.
 */
import { ts } from '../../lang/ts/compiler';
import { isFunctionLike, skipOuterExpressions } from '../../lang/ts/ast';
import { forEachInSameFunction } from '../../lang/ts/context-walk';
import { declaredInLoop, rootOf, containsNode, usesLoopData } from './ts-loop-scope';
import { isItemMethodCall } from './ts-independent-calls';

/** Where a loop puts its results. */
export interface Sink {
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
export function collectingSinks(checker: ts.TypeChecker, loop: ts.IterationStatement): Sink[] {
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
export function readsBackCollection(checker: ts.TypeChecker, loop: ts.IterationStatement, sink: Sink, sinks: Sink[]): boolean {
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
export function carriesState(checker: ts.TypeChecker, loop: ts.IterationStatement, sinks: Sink[]): boolean {
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
export function mutatesOutsideCollection(checker: ts.TypeChecker, loop: ts.IterationStatement, sinks: Sink[]): boolean {
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
export function hasEffectsAroundAwait(loop: ts.IterationStatement, awaits: ts.AwaitExpression[]): boolean {
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

/** Whether the awaited call's arguments read the loop's item or counter, or something declared in the body. */
export function usesIterationData(checker: ts.TypeChecker, loop: ts.IterationStatement, awaitNode: ts.AwaitExpression): boolean {
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
export function isCollected(checker: ts.TypeChecker, loop: ts.IterationStatement, a: ts.AwaitExpression, sinks: Sink[]): boolean {
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
