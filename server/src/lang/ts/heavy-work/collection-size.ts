/**
 * Collection size: whether a loop's collection or bound is fixed by the program
 * text (a written-out list, a tuple, an object with fixed keys, a small constant)
 * or may grow with the input.
 */
import { ts } from '../compiler';
import { skipOuterExpressions } from '../ast';
import { isConstantText } from './regexes';

/** Loops at or below this many iterations count as small. */
export const SMALL_BOUND = 1000;
export function numericValue(checker: ts.TypeChecker, expr: ts.Expression): number | undefined {
  const node = skipOuterExpressions(expr);
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (ts.isIdentifier(node)) {
    const decl = checker.getSymbolAtLocation(node)?.valueDeclaration;
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer && ts.isVariableDeclarationList(decl.parent) &&
        decl.parent.flags & ts.NodeFlags.Const && ts.isNumericLiteral(skipOuterExpressions(decl.initializer))) {
      return Number((skipOuterExpressions(decl.initializer) as ts.NumericLiteral).text);
    }
  }
  return undefined;
}

function isLiteralCollection(expr: ts.Expression): boolean {
  const node = skipOuterExpressions(expr);
  if (ts.isArrayLiteralExpression(node)) return node.elements.length <= SMALL_BOUND && !node.elements.some(ts.isSpreadElement);
  if (ts.isObjectLiteralExpression(node)) return !node.properties.some(ts.isSpreadAssignment);
  return ts.isStringLiteralLike(node);
}

const KEY_ENUMERATORS = /^Object\.(?:keys|values|entries|getOwnPropertyNames)$/;
const MUTATING_METHODS = new Set(['push', 'unshift', 'splice', 'fill', 'copyWithin', 'set', 'add', 'concat']);

/**
 * Whether a collection's size is fixed by the program text rather than by its
 * input: a literal, a fixed-length tuple, the pieces of a constant string, the
 * keys of an object whose type lists its properties (an options object, a
 * `T extends object`), or a variable initialised to a literal that the code
 * never grows and never hands to anything that could grow it.
 */
export function isBoundedCollection(checker: ts.TypeChecker, expr: ts.Expression): boolean {
  if (isLiteralCollection(expr)) return true;
  const node = skipOuterExpressions(expr);
  if (ts.isCallExpression(node)) {
    const callee = node.expression;
    if (ts.isPropertyAccessExpression(callee) && KEY_ENUMERATORS.test(callee.getText()) && node.arguments.length === 1) {
      return hasFixedKeys(checker, node.arguments[0]);
    }
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'split') return isConstantText(checker, callee.expression);
    return false;
  }
  if (isFixedTuple(checker, node)) return true;
  if (ts.isPropertyAccessExpression(node) && isNodeBoundedList(checker, node)) return true;
  return ts.isIdentifier(node) && isUngrownLiteralVariable(checker, node, isLiteralCollection);
}

/**
 * Lists in Node's own API whose length the machine sets, not the input, found
 * by their declaration in @types/node: a module's `paths` holds one
 * node_modules folder per directory up to the root.
 */
const NODE_BOUNDED_LISTS = new Set(['Module.paths', 'NodeModule.paths']);

function isNodeBoundedList(checker: ts.TypeChecker, expr: ts.PropertyAccessExpression): boolean {
  const decl = checker.getSymbolAtLocation(expr.name)?.declarations?.[0];
  if (!decl || !decl.getSourceFile().fileName.includes('/@types/node/')) return false;
  const owner = decl.parent;
  const ownerName = owner && (ts.isInterfaceDeclaration(owner) || ts.isClassDeclaration(owner)) ? owner.name?.text : undefined;
  return NODE_BOUNDED_LISTS.has(`${ownerName}.${expr.name.text}`);
}

function isFixedTuple(checker: ts.TypeChecker, expr: ts.Expression): boolean {
  const type = checker.getTypeAtLocation(expr);
  const members = type.isUnion() ? type.types : [type];
  return members.every((t) => checker.isTupleType(t) && !((t as ts.TupleTypeReference).target.combinedFlags & ts.ElementFlags.Variable));
}

/** `for (k in x)` and `Object.keys(x)` over an object whose keys the program text fixes. */
export function hasFixedKeys(checker: ts.TypeChecker, expr: ts.Expression): boolean {
  const node = skipOuterExpressions(expr);
  if (isLiteralCollection(node) && ts.isObjectLiteralExpression(node)) return true;
  if (ts.isIdentifier(node) && isUngrownLiteralVariable(checker, node, isEmptyOrObjectLiteral)) return true;
  const type = checker.getTypeAtLocation(expr);
  const members = type.isUnion() ? type.types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null))) : [type];
  return members.length > 0 && members.every((t) => isFixedShape(checker, t));
}

/**
 * A type that lists its properties: no index signature, not an array or other
 * container, and not a JavaScript object literal (which code may extend with
 * `o[k] = v`). `object` itself, as in `T extends object`, counts: a dictionary
 * would be typed with an index signature or as a Map.
 */
function isFixedShape(checker: ts.TypeChecker, type: ts.Type): boolean {
  const apparent = type.flags & ts.TypeFlags.TypeParameter ? checker.getBaseConstraintOfType(type) : type;
  if (!apparent) return false;
  if (apparent.flags & ts.TypeFlags.NonPrimitive) return true;
  if (!(apparent.flags & ts.TypeFlags.Object)) return false;
  if ((apparent as ts.ObjectType).objectFlags & ts.ObjectFlags.JSLiteral) return false;
  if (checker.isArrayType(apparent) || checker.isTupleType(apparent) || checker.getIndexInfosOfType(apparent).length > 0) return false;
  if (apparent.getCallSignatures().length > 0 || apparent.getConstructSignatures().length > 0) return false;
  const name = apparent.getSymbol()?.getName() ?? '';
  if (/^(?:Map|Set|WeakMap|WeakSet|ReadonlyMap|ReadonlySet|Object)$/.test(name)) return false;
  return apparent.getProperties().length > 0;
}

function isEmptyOrObjectLiteral(expr: ts.Expression): boolean {
  const node = skipOuterExpressions(expr);
  return node.kind === ts.SyntaxKind.NullKeyword || ts.isIdentifier(node) && node.text === 'undefined' ||
    ts.isObjectLiteralExpression(node) && isLiteralCollection(node) && !node.properties.some((p) => p.name && ts.isComputedPropertyName(p.name));
}

const ungrownCache = new WeakMap<ts.Symbol, boolean>();

/**
 * A variable declared once with a literal initializer that the code only reads:
 * every use is a read of an element or property, a loop over it, a key
 * enumeration, or a reset to another literal. Any other use (an assignment, a computed write, a mutating
 * method, passing it on) may grow it, so it does not count.
 */
/** A variable that only ever holds a non-empty array written out in the code: `const STEPS = ['lint', 'test']`. */
export function isWrittenOutList(checker: ts.TypeChecker, id: ts.Identifier): boolean {
  return isUngrownLiteralVariable(checker, id, (e) => {
    const node = skipOuterExpressions(e);
    return ts.isArrayLiteralExpression(node) && node.elements.length > 0 && !node.elements.some(ts.isSpreadElement);
  });
}

function isUngrownLiteralVariable(checker: ts.TypeChecker, id: ts.Identifier, literal: (e: ts.Expression) => boolean): boolean {
  const symbol = checker.getSymbolAtLocation(id);
  const decl = symbol?.valueDeclaration;
  if (!symbol || symbol.declarations?.length !== 1 || !decl || !ts.isVariableDeclaration(decl) || !ts.isIdentifier(decl.name)) return false;
  if (!decl.initializer || !literal(decl.initializer)) return false;
  const statement = decl.parent.parent;
  if (ts.isVariableStatement(statement) && statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return false;
  const cached = ungrownCache.get(symbol);
  if (cached !== undefined) return cached;
  let readOnly = true;
  const name = decl.name.text;
  const visit = (node: ts.Node) => {
    if (!readOnly) return;
    if (ts.isIdentifier(node) && node.text === name && node !== decl.name && checker.getSymbolAtLocation(node) === symbol) {
      if (!isReadOnlyUse(node) && !isLiteralReassignment(node, literal)) readOnly = false;
      return;
    }
    node.forEachChild(visit);
  };
  visit(decl.getSourceFile());
  ungrownCache.set(symbol, readOnly);
  return readOnly;
}

/** `x = {}`: a reset to another literal keeps the variable's size fixed by the text. */
function isLiteralReassignment(id: ts.Identifier, literal: (e: ts.Expression) => boolean): boolean {
  const parent = id.parent;
  return ts.isBinaryExpression(parent) && parent.left === id && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && literal(parent.right);
}

function isReadOnlyUse(id: ts.Identifier): boolean {
  let use: ts.Node = id;
  while (ts.isParenthesizedExpression(use.parent) || ts.isNonNullExpression(use.parent) || ts.isAsExpression(use.parent)) use = use.parent;
  const parent = use.parent;
  if ((ts.isForOfStatement(parent) || ts.isForInStatement(parent)) && parent.expression === use) return true;
  if (ts.isCallExpression(parent) && parent.arguments.length === 1 && parent.arguments[0] === use) return KEY_ENUMERATORS.test(parent.expression.getText());
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.InKeyword && parent.right === use) return true;
  if (ts.isTypeOfExpression(parent)) return true;
  if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === use) {
    if (ts.isPropertyAccessExpression(parent) && MUTATING_METHODS.has(parent.name.text)) return false;
    // `x[k] = v` and `delete x[k]` change the keys; reading `x[k]` or calling `x[k]()` does not.
    let outer: ts.Node = parent;
    while (ts.isParenthesizedExpression(outer.parent)) outer = outer.parent;
    const grand = outer.parent;
    if (ts.isBinaryExpression(grand) && grand.left === outer && grand.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
        grand.operatorToken.kind <= ts.SyntaxKind.LastAssignment) return false;
    if (ts.isDeleteExpression(grand)) return false;
    return true;
  }
  return false;
}
