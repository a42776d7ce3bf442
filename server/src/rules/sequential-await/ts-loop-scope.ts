/** sequential-await (TS): what belongs to one iteration of a loop, shared by the reading's other modules. */
import { ts } from '../../lang/ts/compiler';
import { isFunctionLike, skipOuterExpressions } from '../../lang/ts/ast';

export type Loop = ts.ForOfStatement | ts.ForInStatement | ts.ForStatement;

/** Whether an identifier's declaration is in the loop's header or body: a per-iteration value. */
export function declaredInLoop(checker: ts.TypeChecker, loop: ts.IterationStatement, id: ts.Identifier): boolean {
  const decl = checker.getSymbolAtLocation(id)?.valueDeclaration;
  return !!decl && decl.getSourceFile() === loop.getSourceFile() && decl.getStart() >= loop.getStart() && decl.getEnd() <= loop.getEnd();
}

/** `a` in `a.b[c].d`, `this` in `this.x.y`; undefined for a call or anything else at the root. */
export function rootOf(expr: ts.Expression): ts.Expression {
  let node = skipOuterExpressions(expr);
  while (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) node = skipOuterExpressions(node.expression);
  return node;
}

/** The loop's own item binding (`u` in `for (const u of users)`), when it is a single name. */
export function itemBinding(loop: ts.IterationStatement): ts.Identifier | undefined {
  if (!ts.isForOfStatement(loop) || !ts.isVariableDeclarationList(loop.initializer) || loop.initializer.declarations.length !== 1) return undefined;
  const name = loop.initializer.declarations[0].name;
  return ts.isIdentifier(name) ? name : undefined;
}

/** Whether `test` holds for `root` or a node under it, not looking into nested functions. */
export function containsNode(root: ts.Node, test: (n: ts.Node) => boolean): boolean {
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
export function usesLoopData(checker: ts.TypeChecker, loop: ts.IterationStatement, expr: ts.Node): boolean {
  return containsNode(expr, (n) => ts.isIdentifier(n) && declaredInLoop(checker, loop, n));
}
