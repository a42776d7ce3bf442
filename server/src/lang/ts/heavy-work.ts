/**
 * What makes a stretch of code CPU-heavy, for cpu-bound-on-event-loop: nested
 * loops over input-sized data, busy-waits on the clock, endless loops that never
 * yield, exponentially recursive calls, and catastrophically backtracking regular
 * expressions applied to non-constant text. `HeavyWorkIndex` summarises, per
 * program, which synchronous functions do such work themselves or through the
 * functions they call, the way `blockingPathOf` does for blocking calls.
 */
import { ts } from './compiler';
import { enclosingFunction, functionName, isFunctionLike, skipOuterExpressions, STOP_WALK, walkCarrying, type FunctionLike } from './ast';
import { containsAwait, forEachInSameFunction, forEachNodeIn } from './context-walk';
import { findCatastrophicBacktracking } from './regex-backtracking';
import { isSynchronous, type TsProjectIndex } from './project-index';
import { callableName, functionSeeds } from './call-name-index';
import { isEmptyAtCall } from './emptiness-guard';

/** Loops at or below this many iterations count as small. */
const SMALL_BOUND = 1000;
const ITERATION_METHODS = new Set(['forEach', 'map', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex', 'flatMap']);
const REGEX_RECEIVER_METHODS = new Set(['test', 'exec']);
const STRING_REGEX_METHODS = new Set(['match', 'matchAll', 'replace', 'replaceAll', 'search', 'split']);
const CLOCK_READS = /\b(?:Date\.now|performance\.now|process\.hrtime(?:\.bigint)?)\s*\(|\bnew Date\b|\.getTime\s*\(/;

export interface HeavyWork {
  /** What makes it heavy, as a phrase: "nested loops over `items` and `products` (O(n²))". */
  what: string;
  /** The node to report: a loop header, a call. */
  node: ts.Node;
  start: number;
  end: number;
  /**
   * For nested loops: the collection the outer loop runs over, when an empty one
   * means no iterations at all (`for (x of c)`, `c.forEach(…)`, `for (i = 0; i < c.length; …)`).
   */
  outerCollection?: ts.Expression;
}

export interface HeavyStep {
  caller: string;
  callee: string;
  file: string;
  start: number;
  end: number;
}

/** Why calling a synchronous function is CPU-heavy: the calls down to the heavy work. */
export interface HeavyPath {
  work: HeavyWork;
  steps: HeavyStep[];
}

interface LoopShape {
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

function numericValue(checker: ts.TypeChecker, expr: ts.Expression): number | undefined {
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
function isBoundedCollection(checker: ts.TypeChecker, expr: ts.Expression): boolean {
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
  try {
    const type = checker.getTypeAtLocation(expr);
    const members = type.isUnion() ? type.types : [type];
    return members.every((t) => checker.isTupleType(t) && !((t as ts.TupleTypeReference).target.combinedFlags & ts.ElementFlags.Variable));
  } catch {
    return false;
  }
}

/** `for (k in x)` and `Object.keys(x)` over an object whose keys the program text fixes. */
function hasFixedKeys(checker: ts.TypeChecker, expr: ts.Expression): boolean {
  const node = skipOuterExpressions(expr);
  if (isLiteralCollection(node) && ts.isObjectLiteralExpression(node)) return true;
  if (ts.isIdentifier(node) && isUngrownLiteralVariable(checker, node, isEmptyOrObjectLiteral)) return true;
  try {
    const type = checker.getTypeAtLocation(expr);
    const members = type.isUnion() ? type.types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null))) : [type];
    return members.length > 0 && members.every((t) => isFixedShape(checker, t));
  } catch {
    return false;
  }
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

function isTrueLiteral(expr: ts.Expression | undefined): boolean {
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
  try {
    const type = checker.getTypeAtLocation(expr);
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return true;
    const apparent = checker.getApparentType(type);
    if (checker.isArrayType(apparent) || checker.isTupleType(apparent)) return true;
    const name = apparent.getSymbol()?.getName() ?? '';
    return /^(?:ReadonlyArray|Array|Set|Map|ReadonlySet|ReadonlyMap|(?:Ui|I)nt(?:8|16|32)Array|Uint8ClampedArray|Float(?:32|64)Array|Big(?:Ui|I)nt64Array)$/.test(name) ||
      apparent.isUnion() && apparent.types.every((t) => checker.isArrayType(t) || checker.isTupleType(t));
  } catch {
    return false;
  }
}

/** The loop a node is, if it is one: a statement or an iteration method with an inline callback. */
function loopShapeOf(checker: ts.TypeChecker, node: ts.Node): LoopShape | undefined {
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
function hasExit(loop: ts.IterationStatement): boolean {
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

function isInside(node: ts.Node, container: ts.Node): boolean {
  return node.getStart() >= container.getStart() && node.getEnd() <= container.getEnd();
}

function loopHeader(loop: ts.IterationStatement): { start: number; end: number } {
  return { start: loop.getStart(), end: loop.statement.getFullStart() };
}

function trimEnd(sourceText: string, start: number, end: number): number {
  while (end > start && /\s/.test(sourceText[end - 1])) end--;
  return end;
}

function describeBound(expr: ts.Expression | undefined): string {
  if (!expr) return 'its input';
  const text = expr.getText().replace(/\s+/g, ' ');
  return text.length > 40 ? `'${text.slice(0, 37)}…'` : `'${text}'`;
}

/** Identifiers a bound reads, with their symbols. */
function symbolsIn(checker: ts.TypeChecker, expr: ts.Node): Array<{ id: ts.Identifier; symbol: ts.Symbol | undefined }> {
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

/**
 * Whether an inner loop's size is independent of the outer iteration: its bound
 * does not come from the outer loop's element (declared there or assigned by
 * `for (x of xs)`) or from anything declared inside the outer loop (`for (const row of rows) for (const cell of row)` is linear in
 * the cells). `j < i` over the outer counter is triangular, so it does count.
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
function nestedLoopWork(checker: ts.TypeChecker, loops: Array<{ shape: LoopShape; ancestors: LoopShape[] }>): HeavyWork[] {
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

function isConstantText(checker: ts.TypeChecker, expr: ts.Expression): boolean {
  const node = skipOuterExpressions(expr);
  if (ts.isStringLiteralLike(node)) return true;
  if (ts.isIdentifier(node)) {
    const decl = checker.getSymbolAtLocation(node)?.valueDeclaration;
    return !!decl && ts.isVariableDeclaration(decl) && !!decl.initializer && ts.isVariableDeclarationList(decl.parent) &&
      (decl.parent.flags & ts.NodeFlags.Const) !== 0 && ts.isStringLiteralLike(skipOuterExpressions(decl.initializer));
  }
  return false;
}

/** The regex literal an expression is or names (through a `const`), with `new RegExp('…')` too. */
function regexSourceOf(checker: ts.TypeChecker, expr: ts.Expression, depth = 0): { pattern: string; flags: string } | undefined {
  const node = skipOuterExpressions(expr);
  if (ts.isRegularExpressionLiteral(node)) {
    const text = node.text;
    const slash = text.lastIndexOf('/');
    return { pattern: text.slice(1, slash), flags: text.slice(slash + 1) };
  }
  if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') {
    const [source, flags] = node.arguments ?? [];
    if (source && ts.isStringLiteralLike(source)) return { pattern: source.text, flags: flags && ts.isStringLiteralLike(flags) ? flags.text : '' };
    return undefined;
  }
  if (ts.isIdentifier(node) && depth < 3) {
    const decl = checker.getSymbolAtLocation(node)?.valueDeclaration;
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer && ts.isVariableDeclarationList(decl.parent) &&
        decl.parent.flags & ts.NodeFlags.Const) {
      return regexSourceOf(checker, decl.initializer, depth + 1);
    }
  }
  return undefined;
}

function regexWork(checker: ts.TypeChecker, call: ts.CallExpression): HeavyWork | undefined {
  if (!ts.isPropertyAccessExpression(call.expression)) return undefined;
  const method = call.expression.name.text;
  let regexExpr: ts.Expression | undefined;
  let input: ts.Expression | undefined;
  if (REGEX_RECEIVER_METHODS.has(method)) {
    regexExpr = call.expression.expression;
    input = call.arguments[0];
  } else if (STRING_REGEX_METHODS.has(method)) {
    regexExpr = call.arguments[0];
    input = call.expression.expression;
  }
  if (!regexExpr || !input) return undefined;
  const regex = regexSourceOf(checker, regexExpr);
  if (!regex || isConstantText(checker, input)) return undefined;
  const bad = findCatastrophicBacktracking(regex.pattern, regex.flags);
  if (!bad) return undefined;
  return {
    node: call,
    start: call.getStart(),
    end: call.getEnd(),
    what: `the regular expression /${regex.pattern}/ backtracks exponentially (the repeated group '${bad.group}' can match the same text in many ways) on non-constant input '${input.getText().slice(0, 40)}'`,
  };
}

/**
 * Heavy work a function does itself, while it runs: loops, regexes. Calls to other
 * functions are the index's business.
 */
export function ownHeavyWork(checker: ts.TypeChecker, program: ts.Program, fn: FunctionLike): HeavyWork[] {
  const out: HeavyWork[] = [];
  const loops: Array<{ shape: LoopShape; ancestors: LoopShape[] }> = [];
  const enclosing: LoopShape[] = [];
  // Loops are found in document order; an enclosing loop ends before a later sibling starts.
  forEachNodeIn(checker, program, fn, (node) => {
    while (enclosing.length > 0 && node.getStart() >= enclosing[enclosing.length - 1].node.getEnd()) enclosing.pop();
    if (ts.isWhileStatement(node) || ts.isDoStatement(node) || ts.isForStatement(node) && !node.condition) {
      const condition = ts.isForStatement(node) ? node.condition : node.expression;
      const awaits = containsAwait(node.statement) || (condition ? containsAwait(condition) : false);
      if (!awaits && isTrueLiteral(condition) && !hasExit(node)) {
        const { start, end } = loopHeader(node);
        out.push({ node, start, end: trimEnd(node.getSourceFile().text, start, end), what: 'this loop never ends and never awaits, so it never gives the event loop back' });
        return false;
      }
      if (!awaits && condition && CLOCK_READS.test(condition.getText())) {
        const { start, end } = loopHeader(node);
        out.push({ node, start, end: trimEnd(node.getSourceFile().text, start, end), what: 'this loop busy-waits on the clock, spinning the CPU until the time passes' });
        return false;
      }
    }
    const shape = loopShapeOf(checker, node);
    if (shape) {
      // A loop nests in what it sits in the body of: `xs.map(f).map(g)` runs the two maps one after the other.
      loops.push({ shape, ancestors: enclosing.filter((outer) => isInside(node, outer.body)).reverse() });
      enclosing.push(shape);
    }
    if (ts.isCallExpression(node)) {
      const regex = regexWork(checker, node);
      if (regex) out.push(regex);
    }
    return true;
  });
  out.push(...nestedLoopWork(checker, loops));
  return out.sort((a, b) => a.start - b.start);
}

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

const IN_PROGRESS = Symbol('in-progress');

/** Per-program summaries of which synchronous functions are CPU-heavy, cached until the program changes. */
export class HeavyWorkIndex {
  private pathCache = new Map<ts.Node, HeavyPath | null | typeof IN_PROGRESS>();
  private ownCache = new Map<ts.Node, HeavyWork[]>();
  private callCache = new Map<ts.Node, HeavyPath | null | typeof IN_PROGRESS>();
  private candidates: Set<string> | undefined;

  constructor(readonly index: TsProjectIndex, readonly program: ts.Program) {}

  /** Whether a call by this name can reach heavy work at all (syntax first; see `mayContainHeavyWork`). */
  mayBeHeavy(name: string): boolean {
    this.candidates ??= this.index.reachingNames('heavy', {
      // Seeds are the functions that are heavy in themselves, confirmed with the
      // checker; only their callers are ever resolved, and far fewer names pass.
      seeds: functionSeeds((fn) => mayContainHeavyWork(fn) && this.isHeavyItself(fn as FunctionLike)),
      resolveUserFunction: this.index.resolveSyncUserFunction,
    });
    return this.candidates.has(name);
  }

  private isHeavyItself(fn: FunctionLike): boolean {
    try {
      return exponentialSelfCalls(this.index.checker, fn) >= 2 || this.ownWork(fn).length > 0;
    } catch {
      return false;
    }
  }

  ownWork(fn: FunctionLike): HeavyWork[] {
    let work = this.ownCache.get(fn);
    if (!work) {
      work = ownHeavyWork(this.index.checker, this.program, fn);
      this.ownCache.set(fn, work);
    }
    return work;
  }

  /** Why calling this synchronous function is CPU-heavy, or null. */
  heavyPathOf(fn: FunctionLike): HeavyPath | null {
    const cached = this.pathCache.get(fn);
    if (cached === IN_PROGRESS) return null;
    if (cached !== undefined) return cached;
    this.pathCache.set(fn, IN_PROGRESS);
    let found: HeavyPath | null = null;
    try {
      found = this.computePath(fn);
    } catch {
      found = null;
    }
    this.pathCache.set(fn, found);
    return found;
  }

  private computePath(fn: FunctionLike): HeavyPath | null {
    const checker = this.index.checker;
    const name = functionName(fn);
    const self = exponentialSelfCalls(checker, fn);
    if (self >= 2) {
      const named = (fn as { name?: ts.Node }).name ?? (ts.isVariableDeclaration(fn.parent) ? fn.parent.name : fn);
      return { work: { node: fn, start: named.getStart(), end: named.getEnd(), what: `${name}() calls itself ${self === 2 ? 'twice' : `${self} times`} per call, so its cost grows exponentially with its input` }, steps: [] };
    }
    const own = this.ownWork(fn)[0];
    if (own) return { work: own, steps: [] };
    return this.pathThroughCalls(fn, []);
  }

  /** The first call in `fn` that reaches heavy work, skipping calls inside the given loops. */
  private pathThroughCalls(fn: FunctionLike, skipped: readonly ts.Node[]): HeavyPath | null {
    let found: HeavyPath | null = null;
    const name = functionName(fn);
    const file = fn.getSourceFile().fileName;
    forEachNodeIn(this.index.checker, this.program, fn, (node) => {
      if (found) return false;
      if (skipped.includes(node)) return false;
      if (!ts.isCallExpression(node) && !ts.isNewExpression(node)) return true;
      const calleeName = calleeNameOf(node);
      if (!calleeName || !this.mayBeHeavy(calleeName)) return true;
      const target = this.index.resolveCallee(node);
      if (target.kind !== 'user' || target.declaration === fn || !isSynchronous(target.declaration)) return true;
      const inner = this.callPathOf(node, target.declaration);
      if (inner) {
        found = { work: inner.work, steps: [{ caller: name, callee: functionName(target.declaration), file, start: node.getStart(), end: node.getEnd() }, ...inner.steps] };
        return false;
      }
      return true;
    });
    return found;
  }

  /**
   * Why this call of a synchronous function is CPU-heavy, or null: the callee's
   * heavy path, less the nested loops whose outer collection the call site
   * proves empty (`if (g.parents.size === 0) g.remove()`). The checker is asked
   * about guards only on call edges into functions heavy by such loops.
   */
  callPathOf(call: ts.CallExpression | ts.NewExpression, callee: FunctionLike): HeavyPath | null {
    const path = this.heavyPathOf(callee);
    if (!path || path.steps.length > 0 || !path.work.outerCollection) return path;
    const cached = this.callCache.get(call);
    if (cached === IN_PROGRESS) return null;
    if (cached !== undefined) return cached;
    this.callCache.set(call, IN_PROGRESS);
    let found: HeavyPath | null = path;
    try {
      const checker = this.index.checker;
      const emptied = this.ownWork(callee).filter((w) => w.outerCollection && isEmptyAtCall(checker, call, callee, w.outerCollection));
      if (emptied.length > 0) {
        // Only the reasons the guard covers go; the work inside the skipped loops never runs either.
        const rest = this.ownWork(callee).find((w) => !emptied.some((e) => e === w || isInside(w.node, e.node)));
        found = rest ? { work: rest, steps: [] } : this.pathThroughCalls(callee, emptied.map((w) => w.node));
      }
    } catch {
      found = path;
    }
    this.callCache.set(call, found);
    return found;
  }
}

/** The heavy-work summaries for the index's current program. */
export function heavyWorkIndexOf(index: TsProjectIndex): HeavyWorkIndex {
  return index.perProgram(HeavyWorkIndex, (program) => new HeavyWorkIndex(index, program));
}


const ITERATING_METHODS = new Set(['forEach', 'map', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex', 'flatMap', 'sort']);
const REGEX_METHODS = new Set(['test', 'exec', 'match', 'matchAll', 'replace', 'replaceAll', 'search', 'split']);

function isIteration(node: ts.Node): boolean {
  if (ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node) || ts.isWhileStatement(node) || ts.isDoStatement(node)) return true;
  return ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ITERATING_METHODS.has(node.expression.name.text) &&
    node.arguments.some((a) => ts.isArrowFunction(a) || ts.isFunctionExpression(a));
}

const riskyRegexFiles = new WeakMap<ts.SourceFile, boolean>();

/** Whether the file holds a regex literal (or a `RegExp('…')` source) that can backtrack catastrophically. */
function fileHasRiskyRegex(sourceFile: ts.SourceFile): boolean {
  let risky = riskyRegexFiles.get(sourceFile);
  if (risky === undefined) {
    risky = false;
    if (/[+*}]\)?[+*{]|RegExp\(/.test(sourceFile.text)) {
      walkCarrying(sourceFile, undefined, (node) => {
        if (ts.isRegularExpressionLiteral(node)) {
          const match = /^\/(.*)\/([a-z]*)$/s.exec(node.text);
          if (match && findCatastrophicBacktracking(match[1], match[2])) risky = true;
        } else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') {
          risky = true;
        }
        return risky ? STOP_WALK : undefined;
      });
    }
    riskyRegexFiles.set(sourceFile, risky);
  }
  return risky;
}

/**
 * A syntax-only test a function must pass before the heavy-work checks look at
 * it: nested iteration, an unbounded loop, two calls to itself, or regex use.
 * It may say yes too often, never no too often.
 */
export function mayContainHeavyWork(fn: ts.Node): boolean {
  if (!isFunctionLike(fn) || !fn.body) return false;
  const ownName = callableName(fn);
  let selfCalls = 0;
  let found = false;
  const hasRegexInFile = fileHasRiskyRegex(fn.getSourceFile());
  walkCarrying(fn.body, 0, (node, depth) => {
    let childDepth = depth;
    if (isIteration(node)) {
      if (depth >= 1) found = true;
      childDepth = depth + 1;
      if ((ts.isWhileStatement(node) || ts.isDoStatement(node) || ts.isForStatement(node)) && !(ts.isForStatement(node) && node.condition && !/Date\.now|performance\.now|true/.test(node.condition.getText()))) {
        const condition = ts.isForStatement(node) ? node.condition : node.expression;
        if (!condition || /^(true|1)$|Date\.now|performance\.now/.test(condition.getText())) found = true;
      }
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
      if (name && name === ownName && ++selfCalls >= 2) found = true;
      if (name && hasRegexInFile && REGEX_METHODS.has(name)) found = true;
    }
    return found ? STOP_WALK : childDepth;
  });
  return found;
}

function calleeNameOf(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = call.expression;
  return ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
}
