/**
 * Emptiness guards at a call site, for the heavy-work analysis: whether a call
 * runs only when a collection the callee loops over is empty. In
 *
 *   if (group.parentCount() === 0) group.remove();
 *
 * `remove()`'s nested loops over `this.parents` never start, so the call is not
 * CPU-heavy even though `remove()` is. Collections are matched by the checker's
 * symbols (the callee's `this.parents` and the call site's `group.parents` name
 * the same property), never by name. Anything not proven stays heavy.
 */
import { ts } from './compiler';
import { isFunctionLike, skipOuterExpressions, type FunctionLike } from './ast';

/** A collection named by a stable root (`this`, a variable) and a chain of property symbols. */
interface CollectionRef {
  root: ts.Expression;
  props: ts.Symbol[];
}

/** `a.b.c` as its root and property names, when every link is a plain property access. */
function referenceChain(expr: ts.Expression): { root: ts.Expression; names: Array<ts.Identifier | ts.PrivateIdentifier> } | undefined {
  const names: Array<ts.Identifier | ts.PrivateIdentifier> = [];
  let node = skipOuterExpressions(expr);
  while (ts.isPropertyAccessExpression(node)) {
    names.unshift(node.name);
    node = skipOuterExpressions(node.expression);
  }
  if (node.kind === ts.SyntaxKind.ThisKeyword || ts.isIdentifier(node)) return { root: node as ts.Expression, names };
  return undefined;
}

function propertySymbols(checker: ts.TypeChecker, names: Array<ts.Identifier | ts.PrivateIdentifier>): ts.Symbol[] | undefined {
  const out: ts.Symbol[] = [];
  for (const name of names) {
    const symbol = checker.getSymbolAtLocation(name);
    if (!symbol) return undefined;
    out.push(symbol);
  }
  return out;
}

function referenceOf(checker: ts.TypeChecker, expr: ts.Expression, extra: ts.Symbol[] = []): CollectionRef | undefined {
  const chain = referenceChain(expr);
  const props = chain && propertySymbols(checker, chain.names);
  return chain && props ? { root: chain.root, props: [...props, ...extra] } : undefined;
}

function sameRoot(checker: ts.TypeChecker, a: ts.Node, b: ts.Node): boolean {
  if (a.kind === ts.SyntaxKind.ThisKeyword || b.kind === ts.SyntaxKind.ThisKeyword) return a.kind === b.kind;
  if (!ts.isIdentifier(a) || !ts.isIdentifier(b)) return false;
  const symbol = checker.getSymbolAtLocation(a);
  return !!symbol && symbol === checker.getSymbolAtLocation(b);
}

/**
 * The same property, by its declaration. A file the editor has open can be
 * checked in a newer program than the unchanged file that declares the class, and
 * the checker may then hand out two symbol objects for one declaration.
 */
function sameProperty(a: ts.Symbol, b: ts.Symbol): boolean {
  if (a === b) return true;
  const da = a.declarations?.[0];
  const db = b.declarations?.[0];
  return !!da && !!db && a.name === b.name && da.pos === db.pos && da.end === db.end && da.getSourceFile().fileName === db.getSourceFile().fileName;
}

function sameCollection(checker: ts.TypeChecker, a: CollectionRef, b: CollectionRef): boolean {
  return sameRoot(checker, a.root, b.root) && a.props.length === b.props.length && a.props.every((p, i) => sameProperty(p, b.props[i]));
}

/** The function `this` means inside a node: the nearest enclosing function that is not an arrow. */
function thisOwner(node: ts.Node): ts.Node | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionLike(current) && !ts.isArrowFunction(current)) return current;
    if (ts.isClassLike(current) || ts.isSourceFile(current)) return undefined;
  }
  return undefined;
}

function isAssignedIn(checker: ts.TypeChecker, scope: ts.Node, symbol: ts.Symbol): boolean {
  let assigned = false;
  const visit = (node: ts.Node): void => {
    if (assigned) return;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
        node.operatorToken.kind <= ts.SyntaxKind.LastAssignment && ts.isIdentifier(skipOuterExpressions(node.left)) &&
        checker.getSymbolAtLocation(skipOuterExpressions(node.left)) === symbol) {
      assigned = true;
      return;
    }
    node.forEachChild(visit);
  };
  visit(scope);
  return assigned;
}

/**
 * The collection a callee's loop iterates, named from the call site: `this.items`
 * in the callee is `recv.items` for `recv.m()`, a parameter `list` is the
 * argument passed for it.
 */
function atCallSite(checker: ts.TypeChecker, call: ts.CallExpression, callee: FunctionLike, collection: ts.Expression): CollectionRef | undefined {
  const chain = referenceChain(collection);
  if (!chain) return undefined;
  const props = propertySymbols(checker, chain.names);
  if (!props) return undefined;
  if (chain.root.kind === ts.SyntaxKind.ThisKeyword) {
    if (props.length === 0 || thisOwner(chain.root) !== callee || !ts.isPropertyAccessExpression(call.expression)) return undefined;
    return referenceOf(checker, call.expression.expression, props);
  }
  const symbol = checker.getSymbolAtLocation(chain.root);
  const decl = symbol?.valueDeclaration;
  if (!symbol || !decl || !ts.isParameter(decl) || decl.parent !== callee || decl.dotDotDotToken || !ts.isIdentifier(decl.name)) return undefined;
  const position = callee.parameters.indexOf(decl);
  const argument = call.arguments[position];
  if (!argument || call.arguments.slice(0, position + 1).some(ts.isSpreadElement) || !callee.body || isAssignedIn(checker, callee.body, symbol)) return undefined;
  return referenceOf(checker, argument, props);
}

/** `return this.F.size` / `return this.F.length` as a whole body: the count of `this.F`. */
function countedField(checker: ts.TypeChecker, decl: ts.Declaration): ts.Symbol[] | undefined {
  if (!(ts.isMethodDeclaration(decl) || ts.isGetAccessorDeclaration(decl)) || !decl.body || decl.parameters.length > 0) return undefined;
  const [only, ...rest] = decl.body.statements;
  if (!only || rest.length > 0 || !ts.isReturnStatement(only) || !only.expression) return undefined;
  const count = skipOuterExpressions(only.expression);
  if (!ts.isPropertyAccessExpression(count) || (count.name.text !== 'size' && count.name.text !== 'length')) return undefined;
  const chain = referenceChain(count.expression);
  if (!chain || chain.root.kind !== ts.SyntaxKind.ThisKeyword || chain.names.length === 0) return undefined;
  return propertySymbols(checker, chain.names);
}

/** The collection whose element count an expression reads: `x.items.length`, `x.items.size`, `x.count()`, `x.count`. */
function countedCollection(checker: ts.TypeChecker, expr: ts.Expression): CollectionRef | undefined {
  const node = skipOuterExpressions(expr);
  const member = ts.isCallExpression(node) && node.arguments.length === 0 ? skipOuterExpressions(node.expression) : node;
  if (!ts.isPropertyAccessExpression(member)) return undefined;
  if (member === node && (member.name.text === 'length' || member.name.text === 'size')) return referenceOf(checker, member.expression);
  const decls = checker.getSymbolAtLocation(member.name)?.declarations ?? [];
  if (decls.length !== 1) return undefined;
  // A getter is read as a property, a method is called.
  if (member === node ? !ts.isGetAccessorDeclaration(decls[0]) : !ts.isMethodDeclaration(decls[0])) return undefined;
  const fields = countedField(checker, decls[0]);
  return fields ? referenceOf(checker, member.expression, fields) : undefined;
}

const FLIPPED: Partial<Record<ts.SyntaxKind, ts.SyntaxKind>> = {
  [ts.SyntaxKind.LessThanToken]: ts.SyntaxKind.GreaterThanToken,
  [ts.SyntaxKind.GreaterThanToken]: ts.SyntaxKind.LessThanToken,
  [ts.SyntaxKind.LessThanEqualsToken]: ts.SyntaxKind.GreaterThanEqualsToken,
  [ts.SyntaxKind.GreaterThanEqualsToken]: ts.SyntaxKind.LessThanEqualsToken,
};

/** Whether `count op n` being `truth` means the count is zero. */
function meansZero(op: ts.SyntaxKind, n: number, truth: boolean): boolean {
  const isZero = (op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken) && n === 0 ||
    op === ts.SyntaxKind.LessThanToken && n === 1 || op === ts.SyntaxKind.LessThanEqualsToken && n === 0;
  const isNonZero = (op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken) && n === 0 ||
    op === ts.SyntaxKind.GreaterThanToken && n === 0 || op === ts.SyntaxKind.GreaterThanEqualsToken && n === 1;
  return truth ? isZero : isNonZero;
}

/** The collections a condition proves empty when it evaluates to `truth`. */
function emptiedBy(checker: ts.TypeChecker, condition: ts.Expression, truth: boolean): CollectionRef[] {
  const node = skipOuterExpressions(condition);
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken) return emptiedBy(checker, node.operand, !truth);
  if (ts.isBinaryExpression(node)) {
    const op = node.operatorToken.kind;
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) return truth ? [...emptiedBy(checker, node.left, true), ...emptiedBy(checker, node.right, true)] : [];
    if (op === ts.SyntaxKind.BarBarToken) return truth ? [] : [...emptiedBy(checker, node.left, false), ...emptiedBy(checker, node.right, false)];
    const left = skipOuterExpressions(node.left);
    const right = skipOuterExpressions(node.right);
    const [count, literal, normalised] = ts.isNumericLiteral(right) ? [left, right, op] : ts.isNumericLiteral(left) ? [right, left, FLIPPED[op] ?? op] : [];
    if (!count || !literal || normalised === undefined || !meansZero(normalised, Number(literal.text), truth)) return [];
    const ref = countedCollection(checker, count);
    return ref ? [ref] : [];
  }
  // A count read as a condition: falsy means zero.
  if (truth) return [];
  const ref = countedCollection(checker, node);
  return ref ? [ref] : [];
}

/** A statement after which the rest of its block does not run. */
function leaves(statement: ts.Statement): boolean {
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement) || ts.isContinueStatement(statement) || ts.isBreakStatement(statement)) return true;
  if (ts.isBlock(statement)) {
    const last = statement.statements[statement.statements.length - 1];
    return !!last && leaves(last);
  }
  return false;
}

/**
 * Whether something in the guarded region other than the call itself may change
 * the collection after the guard: an assignment to it or to its root, `delete`,
 * `++`, or a method called on its root or anything under it (`x.add(…)`,
 * `x.items.push(…)`). Handing the root to another function is not looked into.
 */
function mayRefill(checker: ts.TypeChecker, region: ts.Node, call: ts.CallExpression, ref: CollectionRef): boolean {
  const touchesRoot = (expr: ts.Expression): boolean => {
    let node = skipOuterExpressions(expr);
    while (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) node = skipOuterExpressions(node.expression);
    return sameRoot(checker, node, ref.root);
  };
  // A call that can run again inside the region (in a loop, a callback) may itself refill the collection for the next run.
  let repeats = false;
  for (let up = call.parent; up && up !== region.parent && up.pos >= region.pos && up.end <= region.end && !repeats; up = up.parent) {
    repeats = ts.isIterationStatement(up, false) || isFunctionLike(up);
  }
  let changed = false;
  const visit = (node: ts.Node): void => {
    if (changed) return;
    if (node === call && !repeats) {
      call.arguments.forEach(visit);
      return;
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
        node.operatorToken.kind <= ts.SyntaxKind.LastAssignment && touchesRoot(node.left) ||
        (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
        (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken) && touchesRoot(node.operand) ||
        ts.isDeleteExpression(node) && touchesRoot(node.expression) ||
        ts.isCallExpression(node) && (ts.isPropertyAccessExpression(node.expression) || ts.isElementAccessExpression(node.expression)) &&
        touchesRoot(node.expression.expression)) {
      changed = true;
      return;
    }
    node.forEachChild(visit);
  };
  visit(region);
  return changed;
}

/**
 * Whether `collection`, which `callee` loops over, is proven empty whenever
 * `call` runs: a condition on the way from the call up to its enclosing function
 * (an `if` branch, the right side of `&&`, a ternary branch, or an earlier
 * `if (…) return/continue/throw` in the same block) establishes that its count
 * is zero, and nothing between may refill it.
 */
export function isEmptyAtCall(checker: ts.TypeChecker, call: ts.CallExpression | ts.NewExpression, callee: FunctionLike, collection: ts.Expression): boolean {
  if (!ts.isCallExpression(call)) return false;
  const target = atCallSite(checker, call, callee, collection);
  if (!target) return false;
  const proves = (condition: ts.Expression, truth: boolean, region: ts.Node): boolean =>
    emptiedBy(checker, condition, truth).some((ref) => sameCollection(checker, ref, target)) && !mayRefill(checker, region, call, target);
  let node: ts.Node = call;
  for (let parent = node.parent; parent && !isFunctionLike(node) && !ts.isSourceFile(node); node = parent, parent = parent.parent) {
    if (ts.isIfStatement(parent) && node !== parent.expression) {
      if (proves(parent.expression, node === parent.thenStatement, node)) return true;
    } else if (ts.isConditionalExpression(parent) && node !== parent.condition) {
      if (proves(parent.condition, node === parent.whenTrue, node)) return true;
    } else if (ts.isBinaryExpression(parent) && node === parent.right && parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) {
      if (proves(parent.left, true, node)) return true;
    } else if (ts.isBlock(parent) || ts.isSourceFile(parent) || ts.isCaseClause(parent) || ts.isDefaultClause(parent)) {
      const statements: readonly ts.Statement[] = parent.statements;
      const at = statements.indexOf(node as ts.Statement);
      for (let i = at - 1; i >= 0; i--) {
        const earlier = statements[i];
        if (!ts.isIfStatement(earlier) || earlier.elseStatement || !leaves(earlier.thenStatement)) continue;
        const rest = statements.slice(i + 1);
        if (emptiedBy(checker, earlier.expression, false).some((ref) => sameCollection(checker, ref, target)) &&
            !rest.some((s) => mayRefill(checker, s, call, target))) return true;
      }
    }
  }
  return false;
}
