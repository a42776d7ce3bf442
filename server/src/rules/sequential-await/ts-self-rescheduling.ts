/**
 * sequential-await (TS): a function that hands out a callback which runs the function
 * again: a loader that reloads itself when what it reads changes
 * (`getDir(dir, { watchCb: () => loadCerts(dir) })`, `fs.watch(dir, () => loadCerts(dir))`),
 * or a poller that schedules its next round (`setTimeout(() => refresh(), ms)`). It runs
 * at start-up and once per change or tick, not once per request: its loops walk the
 * watched source (the files of a config folder, the configured entries), which the
 * program's configuration sizes, and taking them in turn costs nothing anyone waits for.
 *
 * Also here: an async generator that yields what a loop collected streams its results (yieldsCollection).
 */
import { ts } from '../../lang/ts/compiler';
import { enclosingFunction, isFunctionLike, skipOuterExpressions, type FunctionLike } from '../../lang/ts/ast';
import type { TsProjectIndex } from '../../lang/ts/project-index';

/** Whether the function the loop is in hands out a callback that calls that function again. */
export function isInSelfReschedulingFunction(index: TsProjectIndex, loop: ts.IterationStatement): boolean {
  const fn = enclosingFunction(loop);
  if (!fn || !fn.body) return false;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && callsFunction(index, node, fn) && isHandedOn(index.checker, node, fn)) {
      found = true;
      return;
    }
    node.forEachChild(visit);
  };
  fn.body.forEachChild(visit);
  return found;
}

/**
 * A call in `callback`'s body (not deeper functions) that the checker resolves to `target`,
 * or whose callee is the name `target` is bound to (`exports.load = async () => …`,
 * called as `exports.load()`, which the checker ties to the assignment, not the function).
 */
function callsFunction(index: TsProjectIndex, callback: ts.ArrowFunction | ts.FunctionExpression, target: FunctionLike): boolean {
  const checker = index.checker;
  const bound = bindingSymbol(checker, target);
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || node !== callback.body && isFunctionLike(node)) return;
    if (ts.isCallExpression(node)) {
      const callee = index.resolveCallee(node);
      const expr = skipOuterExpressions(node.expression);
      const name = ts.isPropertyAccessExpression(expr) ? expr.name : ts.isIdentifier(expr) ? expr : undefined;
      if (callee.kind === 'user' && callee.declaration === target || bound !== undefined && name !== undefined && checker.getSymbolAtLocation(name) === bound) {
        found = true;
        return;
      }
    }
    node.forEachChild(visit);
  };
  visit(callback.body);
  return found;
}

/** The symbol of the name a function is bound to: its declaration's name, a variable or property it initialises, the target of an assignment. */
function bindingSymbol(checker: ts.TypeChecker, fn: FunctionLike): ts.Symbol | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) && fn.name) return checker.getSymbolAtLocation(fn.name);
  let node: ts.Node = fn;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && parent.initializer === node) return checker.getSymbolAtLocation(parent.name);
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === node) {
    const left = skipOuterExpressions(parent.left);
    return checker.getSymbolAtLocation(ts.isPropertyAccessExpression(left) ? left.name : left);
  }
  return undefined;
}

/**
 * The callback is given to someone else to call later: an argument of a call, a property
 * of an object literal (an options object such as `{ watchCb }`), or held in a local that
 * is used as a value (not called) in `fn`.
 */
function isHandedOn(checker: ts.TypeChecker, callback: ts.ArrowFunction | ts.FunctionExpression, fn: FunctionLike): boolean {
  let node: ts.Node = callback;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(node as ts.Expression)) return true;
  if (ts.isPropertyAssignment(parent) && ts.isObjectLiteralExpression(parent.parent)) return true;
  if (!ts.isVariableDeclaration(parent) || !ts.isIdentifier(parent.name)) return false;
  const symbol = checker.getSymbolAtLocation(parent.name);
  let handed = false;
  const visit = (n: ts.Node): void => {
    if (handed) return;
    if (ts.isIdentifier(n) && n !== parent.name && checker.getSymbolAtLocation(n) === symbol) {
      const use = n.parent;
      const called = ts.isCallExpression(use) && skipOuterExpressions(use.expression) === n;
      if (!called) handed = ts.isShorthandPropertyAssignment(use) || ts.isPropertyAssignment(use) && use.initializer === n ||
        (ts.isCallExpression(use) || ts.isNewExpression(use)) && !!use.arguments?.includes(n);
    }
    n.forEachChild(visit);
  };
  if (fn.body) visit(fn.body);
  return handed;
}

/**
 * `async function* changes(items, wanted) { for (const item of items) { const found = []; for (const p of wanted) found.push(await get(item, p)); yield found; } }`:
 * an async generator that hands what the loop collected to its consumer with `yield`
 * (outside the loop). It streams its results one by one, as the consumer asks: the
 * loop is a step of a stream, not a batch to gather (as in the Python reading).
 */
export function yieldsCollection(checker: ts.TypeChecker, loop: ts.IterationStatement, targets: readonly ts.Node[]): boolean {
  const fn = enclosingFunction(loop);
  if (!fn || !fn.body || !(ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn) || ts.isMethodDeclaration(fn)) || !fn.asteriskToken) return false;
  const symbols = new Set(targets.map((t) => checker.getSymbolAtLocation(t)).filter((s): s is ts.Symbol => s !== undefined));
  if (symbols.size === 0) return false;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || isFunctionLike(node)) return;
    if (ts.isYieldExpression(node) && node.expression && !(node.getStart() >= loop.getStart() && node.getEnd() <= loop.getEnd())) {
      const inYield = (n: ts.Node): void => {
        if (found) return;
        if (ts.isIdentifier(n) && symbols.has(checker.getSymbolAtLocation(n)!)) found = true;
        else n.forEachChild(inYield);
      };
      inYield(node.expression);
    }
    node.forEachChild(visit);
  };
  fn.body.forEachChild(visit);
  return found;
}
