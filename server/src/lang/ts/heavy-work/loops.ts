/** Loop shape: what a loop statement or an iteration method with an inline callback runs over, and how it ends. */
import { ts } from '../compiler';
import { isFunctionLike, skipOuterExpressions } from '../ast';
import { hasFixedKeys, isBoundedCollection, numericValue, SMALL_BOUND } from './collection-size';

const ITERATION_METHODS = new Set(['forEach', 'map', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex', 'flatMap']);
export interface LoopShape {
  node: ts.Node;
  /** Header range to report: from the keyword to the closing parenthesis. */
  headerEnd: number;
  body: ts.Node;
  /** The expression the iteration count depends on, if known. */
  bound?: ts.Expression;
  /** Iterates over input-sized (or large constant) data. */
  sized: boolean;
  /** False for `x.map(f)` on something that is not an array (an Observable, a user class). */
  isLoop: boolean;
  /** A `for (; i < n; i++)` that continues an outer loop's counter: not an independent level. */
  sharesCounter: boolean;
  /** The numeric counter a `for` declares, so `j < i` can be read as a triangular bound. */
  counter?: ts.Symbol;
}
export function isTrueLiteral(expr: ts.Expression | undefined): boolean {
  if (!expr) return true;
  const node = skipOuterExpressions(expr);
  return node.kind === ts.SyntaxKind.TrueKeyword || ts.isNumericLiteral(node) && Number(node.text) !== 0;
}

function headerEndOf(statement: ts.IterationStatement): number {
  return statement.statement.getFullStart();
}

/** The bound of `for (let i = …; i < bound; …)`, and whether it declares its own counter. */
function forLoopShape(checker: ts.TypeChecker, node: ts.ForStatement): LoopShape {
  const declared = node.initializer && ts.isVariableDeclarationList(node.initializer) ? node.initializer.declarations : [];
  const counterNames = new Set(declared.map((d) => d.name.getText()));
  let counterName: string | undefined;
  let bound: ts.Expression | undefined;
  const condition = node.condition && skipOuterExpressions(node.condition);
  if (condition && ts.isBinaryExpression(condition)) {
    const op = condition.operatorToken.kind;
    const left = skipOuterExpressions(condition.left);
    const right = skipOuterExpressions(condition.right);
    // `idx !== -1` (an indexOf scan) has no count to read; only ordered comparisons bound a loop.
    if (op === ts.SyntaxKind.LessThanToken || op === ts.SyntaxKind.LessThanEqualsToken) {
      bound = right;
      counterName = left.getText();
    } else if (op === ts.SyntaxKind.GreaterThanToken || op === ts.SyntaxKind.GreaterThanEqualsToken) {
      // `for (let i = n; i > 0; i--)` counts down from the initializer.
      const init = declared[0]?.initializer;
      if (ts.isIdentifier(left) && counterNames.has(left.text) && init) bound = init;
      else bound = left;
      counterName = ts.isIdentifier(left) ? left.text : right.getText();
    }
  }
  const sharesCounter = counterName !== undefined && !counterNames.has(counterName);
  const counterDecl = declared.find((d) => d.name.getText() === counterName);
  const counter = counterDecl ? checker.getSymbolAtLocation(counterDecl.name) : undefined;
  return withLazySize({ node, headerEnd: headerEndOf(node), body: node.statement, bound, sharesCounter, counter }, () => {
    if (!bound) return false;
    const value = numericValue(checker, bound);
    if (value === undefined) return !isLengthOfBounded(checker, bound);
    const from = declared[0]?.initializer ? numericValue(checker, declared[0].initializer) : undefined;
    return from !== undefined ? Math.abs(value - from) > SMALL_BOUND : value > SMALL_BOUND;
  });
}

/**
 * Whether a loop's data is input-sized costs checker queries, and only loops
 * that nest are ever asked: most loops in a program are single.
 */
function withLazySize(shape: Omit<LoopShape, 'sized' | 'isLoop'>, isSized: () => boolean, isLoop = () => true): LoopShape {
  let sized: boolean | undefined;
  let loop: boolean | undefined;
  Object.defineProperty(shape, 'isLoop', { get: () => (loop ??= isLoop()), enumerable: true });
  return Object.defineProperty(shape, 'sized', { get: () => (sized ??= isSized()), enumerable: true }) as LoopShape;
}

/** `xs.length` of a collection whose size the program text fixes. */
function isLengthOfBounded(checker: ts.TypeChecker, bound: ts.Expression): boolean {
  const node = skipOuterExpressions(bound);
  return ts.isPropertyAccessExpression(node) && node.name.text === 'length' && isBoundedCollection(checker, node.expression);
}

function isArrayLike(checker: ts.TypeChecker, expr: ts.Expression): boolean {
  const type = checker.getTypeAtLocation(expr);
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return true;
  const apparent = checker.getApparentType(type);
  if (checker.isArrayType(apparent) || checker.isTupleType(apparent)) return true;
  const name = apparent.getSymbol()?.getName() ?? '';
  return /^(?:ReadonlyArray|Array|Set|Map|ReadonlySet|ReadonlyMap|(?:Ui|I)nt(?:8|16|32)Array|Uint8ClampedArray|Float(?:32|64)Array|Big(?:Ui|I)nt64Array)$/.test(name) ||
    apparent.isUnion() && apparent.types.every((t) => checker.isArrayType(t) || checker.isTupleType(t));
}

/** The loop a node is, if it is one: a statement or an iteration method with an inline callback. */
export function loopShapeOf(checker: ts.TypeChecker, node: ts.Node): LoopShape | undefined {
  if (ts.isForOfStatement(node) || ts.isForInStatement(node)) {
    const collection = node.expression;
    return withLazySize({ node, headerEnd: headerEndOf(node), body: node.statement, bound: collection, sharesCounter: false },
      () => ts.isForInStatement(node) ? !hasFixedKeys(checker, collection) : !isBoundedCollection(checker, collection));
  }
  if (ts.isForStatement(node)) return forLoopShape(checker, node);
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ITERATION_METHODS.has(node.expression.name.text)) {
    const callback = node.arguments[0] && skipOuterExpressions(node.arguments[0]);
    if (!callback || !(ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))) return undefined;
    const receiver = node.expression.expression;
    return withLazySize({ node, headerEnd: node.expression.getEnd(), body: callback.body, bound: receiver, sharesCounter: false },
      () => !isBoundedCollection(checker, receiver), () => isArrayLike(checker, receiver));
  }
  return undefined;
}

/** Whether a loop statement can end other than by its condition: break, return, throw. */
export function hasExit(loop: ts.IterationStatement): boolean {
  let exit = false;
  const labels = new Set<string>();
  if (ts.isLabeledStatement(loop.parent)) labels.add(loop.parent.label.text);
  const visit = (node: ts.Node, loopDepth: number, switchDepth: number) => {
    if (exit || isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node) || ts.isThrowStatement(node)) {
      exit = true;
      return;
    }
    if (ts.isBreakStatement(node)) {
      if (node.label ? labels.has(node.label.text) : loopDepth === 0 && switchDepth === 0) exit = true;
      return;
    }
    if (ts.isCallExpression(node) && /^process\.exit$/.test(node.expression.getText())) {
      exit = true;
      return;
    }
    const innerLoop = ts.isIterationStatement(node, false) ? 1 : 0;
    const innerSwitch = ts.isSwitchStatement(node) ? 1 : 0;
    node.forEachChild((child) => visit(child, loopDepth + innerLoop, switchDepth + innerSwitch));
  };
  loop.statement.forEachChild((child) => visit(child, ts.isIterationStatement(loop.statement, false) ? 1 : 0, 0));
  if (ts.isIterationStatement(loop.statement, false)) visit(loop.statement, 0, 0);
  return exit;
}

export function isInside(node: ts.Node, container: ts.Node): boolean {
  return node.getStart() >= container.getStart() && node.getEnd() <= container.getEnd();
}

export function loopHeader(loop: ts.IterationStatement): { start: number; end: number } {
  return { start: loop.getStart(), end: loop.statement.getFullStart() };
}

export function trimEnd(sourceText: string, start: number, end: number): number {
  while (end > start && /\s/.test(sourceText[end - 1])) end--;
  return end;
}

export function describeBound(expr: ts.Expression | undefined): string {
  if (!expr) return 'its input';
  const text = expr.getText().replace(/\s+/g, ' ');
  return text.length > 40 ? `'${text.slice(0, 37)}…'` : `'${text}'`;
}

/** Identifiers a bound reads, with their symbols. */
export function symbolsIn(checker: ts.TypeChecker, expr: ts.Node): Array<{ id: ts.Identifier; symbol: ts.Symbol | undefined }> {
  const out: Array<{ id: ts.Identifier; symbol: ts.Symbol | undefined }> = [];
  const visit = (node: ts.Node) => {
    if (ts.isIdentifier(node)) {
      // In `a.b`, only `a` names a variable.
      if (ts.isPropertyAccessExpression(node.parent) && node.parent.name === node) return;
      out.push({ id: node, symbol: checker.getSymbolAtLocation(node) });
    }
    node.forEachChild(visit);
  };
  visit(expr);
  return out;
}
