/** Small helpers over the TypeScript compiler AST that several rules share. */
import { ts } from './compiler';

export type FunctionLike =
  | ts.FunctionDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction
  | ts.MethodDeclaration
  | ts.ConstructorDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration;

export function isFunctionLike(node: ts.Node): node is FunctionLike {
  switch (node.kind) {
    case ts.SyntaxKind.FunctionDeclaration:
    case ts.SyntaxKind.FunctionExpression:
    case ts.SyntaxKind.ArrowFunction:
    case ts.SyntaxKind.MethodDeclaration:
    case ts.SyntaxKind.Constructor:
    case ts.SyntaxKind.GetAccessor:
    case ts.SyntaxKind.SetAccessor:
      return true;
    default:
      return false;
  }
}

export function isAsyncFunction(fn: FunctionLike): boolean {
  return (ts.getCombinedModifierFlags(fn as ts.Declaration) & ts.ModifierFlags.Async) !== 0;
}

export function isGenerator(fn: FunctionLike): boolean {
  return 'asteriskToken' in fn && fn.asteriskToken !== undefined;
}

/** Strips parentheses, `!`, `as` and satisfies wrappers. */
export function skipOuterExpressions(node: ts.Expression): ts.Expression {
  let current = node;
  for (;;) {
    if (ts.isParenthesizedExpression(current) || ts.isNonNullExpression(current) || ts.isAsExpression(current) ||
        ts.isSatisfiesExpression(current) || ts.isTypeAssertionExpression(current)) {
      current = current.expression;
    } else {
      return current;
    }
  }
}

/** The identifier naming what a call calls: `f` in `f()`, `b` in `a.b()`, undefined otherwise. */
export function calleeNameNode(call: ts.CallExpression | ts.NewExpression): ts.Identifier | ts.PrivateIdentifier | undefined {
  const callee = skipOuterExpressions(call.expression);
  if (ts.isIdentifier(callee)) return callee;
  if (ts.isPropertyAccessExpression(callee)) return callee.name;
  return undefined;
}

export function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  return calleeNameNode(call)?.text;
}

/** `require('x')` → `'x'`. */
export function requiredModule(node: ts.Node): string | undefined {
  if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require' &&
      node.arguments.length === 1 && ts.isStringLiteralLike(node.arguments[0])) {
    return node.arguments[0].text;
  }
  return undefined;
}

/**
 * Visits every node below `root` without recursion, so that a file nested
 * thousands of levels deep cannot overflow the stack. Return `false` from
 * `visit` to skip a node's children.
 */
export function walk(root: ts.Node, visit: (node: ts.Node) => boolean | void): void {
  const stack: ts.Node[] = [];
  const push = (child: ts.Node) => {
    stack.push(child);
  };
  // Children go on the stack in source order, then that run is reversed in place,
  // so they come off first to last without a list or a closure per node.
  const pushChildren = (node: ts.Node) => {
    const from = stack.length;
    node.forEachChild(push);
    reverseRun(stack, from);
  };
  pushChildren(root);
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (visit(node) !== false) pushChildren(node);
  }
}

/** Returned by a `walkCarrying` visitor: do not visit this node's children. */
export const SKIP_CHILDREN = Symbol('skip-children');
/** Returned by a `walkCarrying` visitor: end the whole walk. */
export const STOP_WALK = Symbol('stop-walk');

/**
 * Visits `root` and every node below it without recursion, in source order,
 * handing each node the value its parent's visit returned (`start` for `root`):
 * an owner, a depth, a flag. The stack is two arrays and one callback, so a walk
 * allocates nothing per node; rules run this over every function of a program.
 */
export function walkCarrying<T>(root: ts.Node, start: T, visit: (node: ts.Node, value: T) => T | typeof SKIP_CHILDREN | typeof STOP_WALK): void {
  const nodes: ts.Node[] = [root];
  const values: T[] = [start];
  let pushed = start;
  const push = (child: ts.Node) => {
    nodes.push(child);
    values.push(pushed);
  };
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const next = visit(node, values.pop()!);
    if (next === STOP_WALK) return;
    if (next === SKIP_CHILDREN) continue;
    pushed = next;
    const from = nodes.length;
    node.forEachChild(push);
    reverseRun(nodes, from);
    reverseRun(values, from);
  }
}

/** The innermost function-like that contains `node`, or undefined at module level. */
export function enclosingFunction(node: ts.Node): FunctionLike | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionLike(current)) return current;
  }
  return undefined;
}

/** A readable name for a function: its declared name, or the variable or property it is assigned to. */
export function functionName(fn: ts.Node): string {
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) return fn.name.text;
  if ((ts.isMethodDeclaration(fn) || ts.isGetAccessor(fn) || ts.isSetAccessor(fn)) && fn.name) {
    const owner = fn.parent && (ts.isClassDeclaration(fn.parent) || ts.isClassExpression(fn.parent)) && fn.parent.name
      ? `${fn.parent.name.text}.` : '';
    return owner + fn.name.getText();
  }
  if (ts.isConstructorDeclaration(fn)) return 'constructor';
  const parent = fn.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent && ts.isPropertyAssignment(parent)) return parent.name.getText();
  if (parent && ts.isPropertyDeclaration(parent)) return parent.name.getText();
  return '(anonymous)';
}

/** Reverses `items[from..]` in place. */
function reverseRun<T>(items: T[], from: number): void {
  for (let i = from, j = items.length - 1; i < j; i++, j--) {
    const t = items[i];
    items[i] = items[j];
    items[j] = t;
  }
}

/**
 * Every identifier of a file by its text, made once per SourceFile: the compiler
 * reuses the SourceFile of every file an edit did not touch, so after an edit
 * only the edited file is walked again.
 */
const identifierIndex = new WeakMap<ts.SourceFile, Map<string, ts.Identifier[]>>();

export function identifiersIn(file: ts.SourceFile): Map<string, ts.Identifier[]> {
  let map = identifierIndex.get(file);
  if (!map) {
    const made = new Map<string, ts.Identifier[]>();
    walk(file, (node) => {
      if (!ts.isIdentifier(node)) return;
      const list = made.get(node.text);
      if (list) list.push(node);
      else made.set(node.text, [node]);
    });
    identifierIndex.set(file, (map = made));
  }
  return map;
}

/** `import { f }`, `export { f }`, `const { f } = require(…)`, `module.exports = { f }`: names a binding, calls nothing. */
export function isBindingSite(id: ts.Identifier): boolean {
  const parent = id.parent;
  return ts.isImportSpecifier(parent) || ts.isExportSpecifier(parent) || ts.isImportClause(parent) || ts.isNamespaceImport(parent) ||
    ts.isBindingElement(parent) || ts.isVariableDeclaration(parent) && parent.name === id || ts.isShorthandPropertyAssignment(parent) ||
    ts.isPropertyAssignment(parent) && parent.name === id;
}

/** The identifier a function is named by where it is declared: its own name, or the variable or property it is bound to. */
export function declaredName(fn: FunctionLike): ts.Identifier | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name && ts.isIdentifier(fn.name)) {
    return ts.isFunctionExpression(fn) && ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name) ? fn.parent.name : fn.name;
  }
  const parent = fn.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyDeclaration(parent) || ts.isPropertyAssignment(parent)) && ts.isIdentifier(parent.name)) return parent.name;
  return undefined;
}

/**
 * The call or `new` that `id` names the callee of: `f(…)`, `o.f(…)`, `(f)(…)`, `f!(…)`, `new F(…)`;
 * undefined when `id` is used any other way.
 */
export function callNaming(id: ts.Identifier): ts.CallExpression | ts.NewExpression | undefined {
  let callee: ts.Node = ts.isPropertyAccessExpression(id.parent) && id.parent.name === id ? id.parent : id;
  while (ts.isParenthesizedExpression(callee.parent) || ts.isNonNullExpression(callee.parent)) callee = callee.parent;
  const call = callee.parent;
  return (ts.isCallExpression(call) || ts.isNewExpression(call)) && call.expression === callee ? call : undefined;
}

/**
 * What an import or export alias stands for (`import { f as g }`, `export { f }`, `const { f } = require(…)`);
 * a symbol that is not an alias is itself. Undefined when there is no symbol, or when the checker cannot
 * resolve the alias (it throws on some circular or malformed aliases): each caller decides what an
 * unresolved name means for it, which is why this does not guess.
 */
export function aliasTarget(checker: ts.TypeChecker, symbol: ts.Symbol | undefined): ts.Symbol | undefined {
  if (!symbol || !(symbol.flags & ts.SymbolFlags.Alias)) return symbol;
  try {
    return checker.getAliasedSymbol(symbol);
  } catch {
    return undefined;
  }
}

/** `stmt` leaves the function: a `return` or `throw`, or a block that ends in one. */
export function statementExits(stmt: ts.Statement): boolean {
  if (ts.isReturnStatement(stmt) || ts.isThrowStatement(stmt)) return true;
  if (ts.isBlock(stmt)) {
    const last = stmt.statements[stmt.statements.length - 1];
    return last !== undefined && (ts.isReturnStatement(last) || ts.isThrowStatement(last));
  }
  return false;
}
