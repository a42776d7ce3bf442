/**
 * Nested loops over input-sized data, and the exemptions: nests that are not
 * O(n²) work although they look it. Each exemption is a named predicate.
 */
import { ts } from '../compiler';
import { enclosingFunction, isFunctionLike, skipOuterExpressions } from '../ast';
import { containsAwait } from '../context-walk';
import { numericValue, SMALL_BOUND } from './collection-size';
import { describeBound, isInside, type LoopShape, symbolsIn, trimEnd } from './loops';
import { isConstantText } from './regexes';
import type { HeavyWork } from './work';

/**
 * Whether an inner loop's size is independent of the outer iteration: its bound
 * does not come from the outer loop's element (declared there or assigned by
 * `for (x of xs)`) or from anything declared inside the outer loop (`for (const row of rows) for (const cell of row)` is linear in
 * the cells). `j < i` over the outer counter is triangular, so it does count.
 * Fixture: test-fixtures/rules/cpu-bound-on-event-loop/ok-light-work.ts (`cells`), ok-bounded.ts (`for (const row of rows)`).
 */
function isIndependentLevel(checker: ts.TypeChecker, outer: LoopShape, inner: LoopShape): boolean {
  if (inner.sharesCounter || !inner.bound || isLazyInitialisation(inner.node, outer.body)) return false;
  const bound = skipOuterExpressions(inner.bound);
  if (outer.counter && ts.isIdentifier(bound) && checker.getSymbolAtLocation(bound) === outer.counter) return true;
  const outerStart = outer.node.getStart();
  const outerEnd = outer.node.getEnd();
  // `for (module of queue)` assigns a variable declared further out: it is still the element.
  const element = (ts.isForOfStatement(outer.node) || ts.isForInStatement(outer.node)) && !ts.isVariableDeclarationList(outer.node.initializer)
    ? new Set(symbolsIn(checker, outer.node.initializer).map((s) => s.symbol)) : undefined;
  for (const { symbol } of symbolsIn(checker, bound)) {
    if (symbol && element?.has(symbol)) return false;
    const decl = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    if (!decl || decl.getSourceFile() !== outer.node.getSourceFile()) continue;
    const pos = decl.getStart();
    if (pos >= outerStart && pos < outerEnd) return false;
  }
  return true;
}

/**
 * `if (byId === undefined) { byId = new Map(); for (…) byId.set(…) }`: the inner
 * loop fills a cache once, not on every outer iteration.
 * Fixture: test-fixtures/rules/cpu-bound-on-event-loop/ok-light-work.ts (`byId === undefined`).
 */
function isLazyInitialisation(loop: ts.Node, outerBody: ts.Node): boolean {
  for (let cur: ts.Node = loop; cur.parent && cur !== outerBody; cur = cur.parent) {
    const parent = cur.parent;
    if (!ts.isIfStatement(parent) || parent.thenStatement !== cur) continue;
    const tested = /^!\s*([\w$.]+)$|^([\w$.]+)\s*===?\s*(?:undefined|null)$/.exec(parent.expression.getText());
    const name = tested?.[1] ?? tested?.[2];
    if (name && new RegExp(`(?:^|[^\\w$.])${name.replace(/[.$]/g, '\\$&')}\\s*(?:=[^=]|\\?\\?=)`).test(cur.getText())) return true;
  }
  return false;
}

/** The variable a loop binds to each element: `for (const x of xs)`, `xs.forEach((x) => …)`. */
function elementSymbol(checker: ts.TypeChecker, loop: LoopShape): ts.Symbol | undefined {
  const node = loop.node;
  let name: ts.Node | undefined;
  if (ts.isForOfStatement(node) || ts.isForInStatement(node)) {
    const init = node.initializer;
    name = ts.isVariableDeclarationList(init) ? init.declarations[0]?.name : init;
  } else if (ts.isCallExpression(node)) {
    const callback = node.arguments[0] && skipOuterExpressions(node.arguments[0]);
    if (callback && (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))) name = callback.parameters[0]?.name;
  }
  return name && ts.isIdentifier(name) ? checker.getSymbolAtLocation(name) : undefined;
}

function isConstantValue(checker: ts.TypeChecker, expr: ts.Expression): boolean {
  const node = skipOuterExpressions(expr);
  if (ts.isStringLiteralLike(node) || ts.isNumericLiteral(node) || node.kind === ts.SyntaxKind.NullKeyword) return true;
  return numericValue(checker, node) !== undefined || isConstantText(checker, node);
}

/**
 * `for (x of xs) if (x === "...") for (y of ys)`: the inner loop runs only for
 * the elements equal to one constant, a marker, so the work is linear.
 * Fixture: test-fixtures/rules/cpu-bound-on-event-loop/ok-bounded.ts (`spliceDefaults`).
 */
function runsForMarkerOnly(checker: ts.TypeChecker, outer: LoopShape, inner: LoopShape): boolean {
  const element = elementSymbol(checker, outer);
  if (!element) return false;
  const isElement = (e: ts.Expression) => {
    const n = skipOuterExpressions(e);
    return ts.isIdentifier(n) && checker.getSymbolAtLocation(n) === element;
  };
  const testsMarker = (cond: ts.Expression): boolean => {
    const c = skipOuterExpressions(cond);
    if (!ts.isBinaryExpression(c)) return false;
    const op = c.operatorToken.kind;
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) return testsMarker(c.left) || testsMarker(c.right);
    if (op !== ts.SyntaxKind.EqualsEqualsEqualsToken && op !== ts.SyntaxKind.EqualsEqualsToken) return false;
    return isElement(c.left) && isConstantValue(checker, c.right) || isElement(c.right) && isConstantValue(checker, c.left);
  };
  for (let cur: ts.Node = inner.node; cur.parent && cur !== outer.body; cur = cur.parent) {
    const parent = cur.parent;
    if (ts.isIfStatement(parent) && parent.thenStatement === cur && testsMarker(parent.expression)) return true;
    if (ts.isCaseClause(parent) && ts.isSwitchStatement(parent.parent.parent) && isElement(parent.parent.parent.expression) &&
        isConstantValue(checker, parent.expression)) return true;
  }
  return false;
}

function isExit(statement: ts.Statement): boolean {
  return ts.isReturnStatement(statement) || ts.isThrowStatement(statement) || ts.isBreakStatement(statement) && !statement.label;
}

/**
 * `for (k of keys) { if (isArray(d)) { d = d.reduce(…); return d } … }`: the
 * outer loop is left right after the inner one, so the inner one runs at most
 * once per call.
 * Fixture: test-fixtures/rules/cpu-bound-on-event-loop/ok-bounded.ts (`Array.isArray(current)`).
 */
function leavesAfterInner(outer: LoopShape, inner: LoopShape): boolean {
  for (let cur: ts.Node = inner.node; cur.parent && cur !== outer.body; cur = cur.parent) {
    const parent = cur.parent;
    // A `break` inside a nested loop or switch leaves that, not the outer loop.
    if (cur !== inner.node && (ts.isIterationStatement(cur, false) || ts.isSwitchStatement(cur))) return false;
    if (ts.isBlock(parent) || ts.isCaseClause(parent) || ts.isDefaultClause(parent)) {
      const statements = parent.statements;
      const at = statements.indexOf(cur as ts.Statement);
      if (at >= 0 && statements.slice(at + 1).some(isExit)) return true;
    }
  }
  return false;
}

/**
 * `lines.forEach((line, i) => { if (i > 3) return; … })`, `for (…; i++) { if (i >= 10) break; … }`:
 * past a constant index the outer body does nothing, so it runs a fixed number of times.
 * Fixture: test-fixtures/rules/cpu-bound-on-event-loop/ok-bounded.ts (`i > 3`, `i >= 10`).
 */
function isCappedByIndex(checker: ts.TypeChecker, outer: LoopShape): boolean {
  let index: ts.Symbol | undefined = outer.counter;
  let statements: readonly ts.Statement[] | undefined;
  if (ts.isCallExpression(outer.node)) {
    const callback = outer.node.arguments[0] && skipOuterExpressions(outer.node.arguments[0]);
    const param = callback && (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) ? callback.parameters[1] : undefined;
    if (param && ts.isIdentifier(param.name)) index = checker.getSymbolAtLocation(param.name);
  }
  if (ts.isBlock(outer.body)) statements = outer.body.statements;
  if (!index || !statements) return false;
  const capsIndex = (cond: ts.Expression): boolean => {
    const c = skipOuterExpressions(cond);
    if (!ts.isBinaryExpression(c)) return false;
    const op = c.operatorToken.kind;
    if (op === ts.SyntaxKind.BarBarToken) return capsIndex(c.left) || capsIndex(c.right);
    const left = skipOuterExpressions(c.left);
    if ((op !== ts.SyntaxKind.GreaterThanToken && op !== ts.SyntaxKind.GreaterThanEqualsToken) || !ts.isIdentifier(left) ||
        checker.getSymbolAtLocation(left) !== index) return false;
    const limit = numericValue(checker, c.right);
    return limit !== undefined && limit <= SMALL_BOUND;
  };
  // Only a guard before any other work counts.
  for (const statement of statements) {
    if (!ts.isIfStatement(statement)) return false;
    const then = ts.isBlock(statement.thenStatement) ? statement.thenStatement.statements[0] : statement.thenStatement;
    const leaves = !!then && (isExit(then) || ts.isContinueStatement(then) && !then.label && ts.isCallExpression(outer.node) === false);
    if (!leaves) return false;
    if (capsIndex(statement.expression)) return true;
  }
  return false;
}

/** `[]`, `new Array()`, `new Set()`, `new Map()`: an empty collection. */
function isEmptyCollection(expr: ts.Expression): boolean {
  const node = skipOuterExpressions(expr);
  if (ts.isArrayLiteralExpression(node)) return node.elements.length === 0;
  return ts.isNewExpression(node) && ts.isIdentifier(node.expression) && /^(?:Array|Set|Map)$/.test(node.expression.text) &&
    (node.arguments?.length ?? 0) === 0;
}

/** The statement an inner loop is: the loop itself, or the expression statement around `buf.forEach(…)`. */
function loopStatement(loop: LoopShape): ts.Statement | undefined {
  const node = loop.node;
  if (ts.isForOfStatement(node)) return node;
  if (ts.isCallExpression(node) && ts.isExpressionStatement(node.parent) && node.parent.expression === node) return node.parent;
  return undefined;
}

/** `buf.length = 0`, `buf.clear()`, `buf.splice(0)`, `buf.splice(0, buf.length)`, `buf = []`: the identifier emptied, by syntax. */
function emptiedIdentifier(statement: ts.Statement): ts.Identifier | undefined {
  if (!ts.isExpressionStatement(statement)) return undefined;
  const expr = skipOuterExpressions(statement.expression);
  if (ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const left = skipOuterExpressions(expr.left);
    if (ts.isIdentifier(left)) return isEmptyCollection(expr.right) ? left : undefined;
    const right = skipOuterExpressions(expr.right);
    if (ts.isPropertyAccessExpression(left) && left.name.text === 'length' && ts.isIdentifier(left.expression) &&
        ts.isNumericLiteral(right) && Number(right.text) === 0) return left.expression;
    return undefined;
  }
  if (!ts.isCallExpression(expr) || !ts.isPropertyAccessExpression(expr.expression) || !ts.isIdentifier(expr.expression.expression)) return undefined;
  const receiver = expr.expression.expression;
  const method = expr.expression.name.text;
  const args = expr.arguments;
  if (method === 'clear') return args.length === 0 ? receiver : undefined;
  if (method !== 'splice' || args.length < 1 || args.length > 2) return undefined;
  const start = skipOuterExpressions(args[0]);
  if (!ts.isNumericLiteral(start) || Number(start.text) !== 0) return undefined;
  if (args.length === 1) return receiver;
  const count = skipOuterExpressions(args[1]);
  return ts.isPropertyAccessExpression(count) && count.name.text === 'length' && ts.isIdentifier(count.expression) &&
    count.expression.text === receiver.text ? receiver : undefined;
}

/**
 * Whether control can leave `nodes` to go round a loop again (or on past a
 * labelled statement) without reaching what follows them: a `continue`, or a
 * `break` that does not just end a loop or switch inside `nodes`.
 */
function canSkipPast(nodes: readonly ts.Node[]): boolean {
  let skips = false;
  const visit = (node: ts.Node, loopDepth: number, switchDepth: number) => {
    if (skips || isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isContinueStatement(node)) {
      if (node.label || loopDepth === 0) skips = true;
      return;
    }
    if (ts.isBreakStatement(node)) {
      if (node.label || loopDepth === 0 && switchDepth === 0) skips = true;
      return;
    }
    const loop = ts.isIterationStatement(node, false) ? 1 : 0;
    const sw = ts.isSwitchStatement(node) ? 1 : 0;
    node.forEachChild((child) => visit(child, loopDepth + loop, switchDepth + sw));
  };
  for (const node of nodes) visit(node, 0, 0);
  return skips;
}

/**
 * `const ready = []; for (c of chunks) { …ready.push(x)…; for (r of ready) …; ready.length = 0 }`:
 * the inner loop walks a buffer that starts empty, is filled only in the outer
 * loop's body and is emptied right after the inner loop, in the same block, so
 * across the whole outer loop it runs once per item ever added: linear.
 * Fixture: test-fixtures/rules/cpu-bound-on-event-loop/ok-drained-buffer.ts (webpack's Compilation.createHash).
 */
function iteratesDrainedBuffer(checker: ts.TypeChecker, outer: LoopShape, inner: LoopShape): boolean {
  // Syntax first: an identifier walked, and a later statement in the same block that empties one of that name.
  const bound = inner.bound && skipOuterExpressions(inner.bound);
  const statement = loopStatement(inner);
  if (!bound || !ts.isIdentifier(bound) || !statement || !ts.isBlock(statement.parent) || !isInside(statement.parent, outer.body)) return false;
  const siblings = statement.parent.statements;
  const at = siblings.indexOf(statement);
  let clearAt = -1;
  for (let i = at + 1; i < siblings.length && clearAt < 0; i++) {
    if (emptiedIdentifier(siblings[i])?.text === bound.text) clearAt = i;
  }
  if (clearAt < 0) return false;
  // Between the inner loop's start and the clearing, nothing may go round the outer loop again.
  // (A `continue` or `break` inside the for…of body ends only that loop.)
  if (canSkipPast([...ts.isForOfStatement(statement) ? [statement] : [], ...siblings.slice(at + 1, clearAt)])) return false;
  // Nor may an exception skip it and be caught inside the outer loop.
  for (let cur: ts.Node = statement.parent; cur !== outer.body && cur.parent; cur = cur.parent) {
    if (ts.isTryStatement(cur.parent) && cur.parent.tryBlock === cur) return false;
  }
  const symbol = checker.getSymbolAtLocation(bound);
  const clearedId = emptiedIdentifier(siblings[clearAt]);
  if (!symbol || !clearedId || checker.getSymbolAtLocation(clearedId) !== symbol) return false;
  const decl = symbol.valueDeclaration;
  if (!decl || !ts.isVariableDeclaration(decl) || !ts.isIdentifier(decl.name) || !decl.initializer || !isEmptyCollection(decl.initializer)) return false;
  const container = enclosingFunction(decl);
  if (!container || isInside(decl, outer.node) || !isInside(outer.node, container)) return false;
  // Every reference must only read it, empty it, or add single items inside the outer loop's body.
  let sound = true;
  const check = (id: ts.Identifier) => {
    const parent = id.parent;
    if (ts.isForOfStatement(parent) && parent.expression === id) return;
    if (ts.isSpreadElement(parent) && ts.isArrayLiteralExpression(parent.parent)) return;
    if (ts.isBinaryExpression(parent) && parent.left === id) {
      if (parent.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !isEmptyCollection(parent.right)) sound = false;
      return;
    }
    if (ts.isPropertyAccessExpression(parent) && parent.expression === id) {
      const name = parent.name.text;
      const use = parent.parent;
      if (ts.isCallExpression(use) && use.expression === parent) {
        if (name === 'push' || name === 'unshift' || name === 'add' || name === 'set') {
          if (!isInside(use, outer.body) || use.arguments.some(ts.isSpreadElement)) sound = false;
        } else if (name === 'splice' && use.arguments.length > 2) sound = false;
        return;
      }
      // Written to: only `buf.length = 0`.
      if (ts.isBinaryExpression(use) && use.left === parent && use.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
          use.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
        const right = skipOuterExpressions(use.right);
        if (name !== 'length' || use.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isNumericLiteral(right) || Number(right.text) !== 0) sound = false;
        return;
      }
      // `buf.length++`; any other use of `buf.length`, `buf.size` or a method only reads.
      if (ts.isPrefixUnaryExpression(use) || ts.isPostfixUnaryExpression(use)) sound = false;
      return;
    }
    if (ts.isElementAccessExpression(parent) && parent.expression === id) {
      // Reading `buf[i]` is fine; writing it is not.
      const use = parent.parent;
      if (ts.isBinaryExpression(use) && use.left === parent || ts.isPrefixUnaryExpression(use) || ts.isPostfixUnaryExpression(use)) sound = false;
      return;
    }
    // Passed on, aliased, or anything else: cannot tell.
    sound = false;
  };
  const visit = (node: ts.Node) => {
    if (!sound) return;
    if (ts.isIdentifier(node)) {
      if (node !== decl.name && node.text === bound.text && checker.getSymbolAtLocation(node) === symbol) check(node);
      return;
    }
    node.forEachChild(visit);
  };
  visit(container);
  return sound;
}

/** Loops found while walking a function, with the loops that enclose them. */
export function nestedLoopWork(checker: ts.TypeChecker, loops: Array<{ shape: LoopShape; ancestors: LoopShape[] }>): HeavyWork[] {
  const out: HeavyWork[] = [];
  const reported = new Set<ts.Node>();
  for (const { shape: inner, ancestors } of loops) {
    // Only the outermost reported loop per nest.
    if (ancestors.length === 0 || containsAwait(inner.body) || ancestors.some((a) => reported.has(a.node))) continue;
    // Outermost first: in `for (t of ts) for (i < t.key.length) ts.some(…)` the level
    // that repeats the inner one is `ts`, not the loop over one item's key.
    for (let k = ancestors.length - 1; k >= 0; k--) {
      const outer = ancestors[k];
      // Syntax and symbols first; the sizes and element types ask the checker for types, which costs the most.
      if (outer.sharesCounter || containsAwait(outer.body)) continue;
      if (!isIndependentLevel(checker, outer, inner) || runsForMarkerOnly(checker, outer, inner) ||
          leavesAfterInner(outer, inner) || isCappedByIndex(checker, outer) || iteratesDrainedBuffer(checker, outer, inner)) continue;
      if (!inner.isLoop || !outer.isLoop || !outer.sized || !inner.sized) continue;
      reported.add(outer.node);
      const text = outer.node.getSourceFile().text;
      const start = outer.node.getStart();
      out.push({
        node: outer.node,
        start,
        end: trimEnd(text, start, outer.headerEnd),
        what: `nested loops over ${describeBound(outer.bound)} and ${describeBound(inner.bound)} do O(n²) work on input-sized data`,
        outerCollection: iteratedCollection(outer),
      });
      break;
    }
  }
  return out;
}

/** The collection a loop runs over once per element, so that an empty one means no iterations. */
function iteratedCollection(loop: LoopShape): ts.Expression | undefined {
  const node = loop.node;
  if (ts.isForOfStatement(node)) return node.expression;
  if (ts.isCallExpression(node)) return loop.bound;
  // `for (let i = 0; i < c.length; i++)`: a counter from zero, below the count.
  if (ts.isForStatement(node) && node.initializer && ts.isVariableDeclarationList(node.initializer) && node.condition) {
    const [counter, ...others] = node.initializer.declarations;
    const start = counter?.initializer && skipOuterExpressions(counter.initializer);
    const condition = skipOuterExpressions(node.condition);
    if (others.length > 0 || !start || !ts.isNumericLiteral(start) || Number(start.text) !== 0 || !ts.isBinaryExpression(condition) ||
        condition.operatorToken.kind !== ts.SyntaxKind.LessThanToken || skipOuterExpressions(condition.left).getText() !== counter.name.getText()) return undefined;
    const count = skipOuterExpressions(condition.right);
    if (ts.isPropertyAccessExpression(count) && (count.name.text === 'length' || count.name.text === 'size')) return count.expression;
  }
  return undefined;
}
