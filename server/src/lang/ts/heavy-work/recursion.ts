/** Exponential recursion: a function that calls itself two or more times per call on a problem one step smaller. */
import { ts } from '../compiler';
import { type FunctionLike, skipOuterExpressions } from '../ast';
import { forEachInSameFunction } from '../context-walk';
import { symbolsIn } from './loops';

function parameterSymbols(checker: ts.TypeChecker, fn: FunctionLike): Set<ts.Symbol> {
  const out = new Set<ts.Symbol>();
  for (const p of fn.parameters) {
    const visit = (name: ts.BindingName) => {
      if (ts.isIdentifier(name)) {
        const s = checker.getSymbolAtLocation(name);
        if (s) out.add(s);
      } else {
        for (const e of name.elements) if (ts.isBindingElement(e)) visit(e.name);
      }
    };
    visit(p.name);
  }
  return out;
}

/** `n - 1`, `i + 2`, `s.slice(1)`: an argument that shrinks a parameter by a constant. */
function shrinksParameter(checker: ts.TypeChecker, params: Set<ts.Symbol>, arg: ts.Expression): boolean {
  const node = skipOuterExpressions(arg);
  const isParam = (e: ts.Expression) => {
    const inner = skipOuterExpressions(e);
    return ts.isIdentifier(inner) && params.has(checker.getSymbolAtLocation(inner)!);
  };
  if (ts.isBinaryExpression(node) && (node.operatorToken.kind === ts.SyntaxKind.MinusToken || node.operatorToken.kind === ts.SyntaxKind.PlusToken)) {
    return isParam(node.left) && ts.isNumericLiteral(skipOuterExpressions(node.right));
  }
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && /^(?:slice|substring|substr)$/.test(node.expression.name.text)) {
    return isParam(node.expression.expression) && node.arguments.length >= 1;
  }
  return false;
}

/** Whether two calls cannot both run in one invocation: other branches, or one branch that returns. */
function mutuallyExclusive(a: ts.Node, b: ts.Node): boolean {
  const branchOf = (node: ts.Node, stop: ts.Node): ts.Node[] => {
    const out: ts.Node[] = [];
    for (let cur: ts.Node = node; cur.parent && cur !== stop; cur = cur.parent) {
      const p = cur.parent;
      if (ts.isIfStatement(p) && cur !== p.expression || ts.isConditionalExpression(p) && cur !== p.condition || ts.isCaseClause(p) || ts.isDefaultClause(p)) out.push(cur);
    }
    return out;
  };
  const fn = a.parent;
  for (const branch of branchOf(a, fn)) {
    if (branch.getStart() <= b.getStart() && b.getEnd() <= branch.getEnd()) continue;
    const p = branch.parent;
    if (ts.isConditionalExpression(p) || ts.isCaseClause(p) || ts.isDefaultClause(p)) return true;
    if (ts.isIfStatement(p) && (p.elseStatement === branch || p.thenStatement === branch)) {
      const other = p.thenStatement === branch ? p.elseStatement : p.thenStatement;
      if (other && other.getStart() <= b.getStart() && b.getEnd() <= other.getEnd()) return true;
      if (alwaysLeaves(branch) && b.getStart() > branch.getEnd()) return true;
    }
  }
  return false;
}

function alwaysLeaves(statement: ts.Node): boolean {
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement)) return true;
  if (ts.isBlock(statement)) {
    const last = statement.statements[statement.statements.length - 1];
    return !!last && alwaysLeaves(last);
  }
  return false;
}

/** Reads a cache keyed by a parameter (`memo[n]`, `cache.get(n)`): memoised recursion is not exponential. */
function isMemoised(checker: ts.TypeChecker, params: Set<ts.Symbol>, fn: FunctionLike): boolean {
  let memo = false;
  const mentionsParam = (e: ts.Node) => symbolsIn(checker, e).some((s) => s.symbol && params.has(s.symbol));
  forEachInSameFunction(fn, (node) => {
    if (memo) return false;
    if (ts.isElementAccessExpression(node) && mentionsParam(node.argumentExpression)) {
      const base = skipOuterExpressions(node.expression);
      if (!(ts.isIdentifier(base) && params.has(checker.getSymbolAtLocation(base)!))) memo = true;
    }
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && /^(?:has|get)$/.test(node.expression.name.text) &&
        node.arguments.some(mentionsParam)) memo = true;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.InKeyword && mentionsParam(node.left)) memo = true;
    return true;
  });
  return memo;
}

/** How many times `fn` calls itself per call with a shrinking argument, if two or more can run in one call. */
export function exponentialSelfCalls(checker: ts.TypeChecker, fn: FunctionLike): number {
  if (!fn.body) return 0;
  const nameNode = ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn) || ts.isMethodDeclaration(fn) ? fn.name
    : ts.isVariableDeclaration(fn.parent) ? fn.parent.name : undefined;
  if (!nameNode || !ts.isIdentifier(nameNode)) return 0;
  const self = checker.getSymbolAtLocation(nameNode);
  if (!self) return 0;
  const params = parameterSymbols(checker, fn);
  const calls: ts.CallExpression[] = [];
  forEachInSameFunction(fn, (node) => {
    if (!ts.isCallExpression(node)) return true;
    const callee = skipOuterExpressions(node.expression);
    const name = ts.isIdentifier(callee) ? callee : ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword ? callee.name : undefined;
    if (name && checker.getSymbolAtLocation(name) === self && node.arguments.some((a) => shrinksParameter(checker, params, a))) calls.push(node);
    return true;
  });
  if (calls.length < 2) return 0;
  let together = 1;
  for (let i = 0; i < calls.length; i++) {
    let count = 1;
    for (let j = 0; j < calls.length; j++) {
      if (i !== j && !mutuallyExclusive(calls[i], calls[j]) && !mutuallyExclusive(calls[j], calls[i])) count++;
    }
    together = Math.max(together, count);
  }
  if (together < 2 || isMemoised(checker, params, fn)) return 0;
  return together;
}
