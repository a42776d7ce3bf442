/**
 * Once-per-key work: a call whose result the function keeps in long-lived
 * storage and checks for first. Such a call runs once per key (or once per
 * process), not once per request, so blocking there holds up one request, once.
 *
 * Recognised by data flow, not by names: the storage is something that outlives
 * the call (a module-level variable, a property of `this` or of an object from
 * outside the function, or the container of an element access or of
 * `.has()`/`.get()`), the function reads it in a guard, and writes it (assigns
 * it, an element of it, or calls `.set()`/`.add()` on it):
 *
 * - `if (cache === undefined) { cache = readFileSync(f) }`, `if (!m.has(k)) { …; m.set(k, v) }`;
 * - `if (this.conns[k]) return this.conns[k]; … mkdirSync(…); this.conns[k] = c`;
 * - `cache ??= readFileSync(f)`, `this.x ||= execSync(…)`.
 */
import { ts } from './compiler';
import { isFunctionLike, skipOuterExpressions, statementExits, type FunctionLike } from './ast';

const STORE_METHODS = new Set(['set', 'add']);
const LOOKUP_METHODS = new Set(['has', 'get']);
const MEMO_ASSIGNMENTS = new Set([ts.SyntaxKind.QuestionQuestionEqualsToken, ts.SyntaxKind.BarBarEqualsToken]);

/** Whether `call`, somewhere in `fn`'s body, runs only when `fn`'s cache misses. */
export function isMemoisedCall(checker: ts.TypeChecker, call: ts.Node, fn: FunctionLike): boolean {
  if (!fn.body) return false;
  let written: Writes | undefined;
  const inFn = () => (written ??= writtenKeys(checker, fn.body!, fn));
  // A flag set and then cleared again (`this.busy = true; …; this.busy = false`) is a lock, not a cache.
  const stores = (read: Set<string>, writes: Writes) => [...read].some((k) => writes.stored.has(k) && !inFn().cleared.has(k));
  for (let node: ts.Node = call; node !== fn && node.parent; node = node.parent) {
    const parent = node.parent;
    if (ts.isBinaryExpression(parent) && parent.right === node && MEMO_ASSIGNMENTS.has(parent.operatorToken.kind)) {
      if (storageKey(checker, parent.left, fn) !== undefined) return true;
    }
    if (ts.isIfStatement(parent) && parent.thenStatement === node) {
      const read = conditionKeys(checker, parent.expression, fn);
      if (read.size > 0 && stores(read, writtenKeys(checker, node, fn))) return true;
    }
    if ((ts.isBlock(parent) || ts.isSourceFile(parent)) && ts.isStatement(node)) {
      // An earlier `if (cached) return …;` in the same block.
      for (const stmt of parent.statements) {
        if (stmt === node) break;
        if (!ts.isIfStatement(stmt) || stmt.elseStatement || !statementExits(stmt.thenStatement)) continue;
        const read = conditionKeys(checker, stmt.expression, fn);
        if (read.size > 0 && stores(read, inFn())) return true;
      }
    }
  }
  return false;
}

interface Writes {
  stored: Set<string>;
  /** Storage also assigned `false`, `null`, `undefined` or `0`. */
  cleared: Set<string>;
}

function isFalsyLiteral(e: ts.Expression): boolean {
  const x = skipOuterExpressions(e);
  return x.kind === ts.SyntaxKind.FalseKeyword || x.kind === ts.SyntaxKind.NullKeyword ||
    ts.isIdentifier(x) && x.text === 'undefined' || ts.isVoidExpression(x) || ts.isNumericLiteral(x) && x.text === '0';
}

/**
 * The long-lived storage an expression names, as a key: an identifier declared
 * outside `fn`, or a property chain rooted at `this` or at such an identifier;
 * an element access names its container. Locals of `fn` are not storage.
 */
function storageKey(checker: ts.TypeChecker, expr: ts.Expression, fn: FunctionLike): string | undefined {
  const e = skipOuterExpressions(expr);
  if (ts.isElementAccessExpression(e)) return storageKey(checker, e.expression, fn);
  if (ts.isPropertyAccessExpression(e)) {
    const base = storageKey(checker, e.expression, fn);
    return base === undefined ? undefined : `${base}.${e.name.text}`;
  }
  if (e.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  if (ts.isIdentifier(e)) {
    const symbol = checker.getSymbolAtLocation(e);
    const decl = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    if (!decl || isInside(decl, fn)) return undefined;
    return `${e.text}@${decl.getSourceFile().fileName}:${decl.pos}`;
  }
  return undefined;
}

function isInside(node: ts.Node, ancestor: ts.Node): boolean {
  for (let n: ts.Node | undefined = node; n; n = n.parent) if (n === ancestor) return true;
  return false;
}

/** Storage a guard reads: each storage expression in it, and the receiver of `.has()`/`.get()`. */
function conditionKeys(checker: ts.TypeChecker, cond: ts.Expression, fn: FunctionLike): Set<string> {
  const keys = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (isFunctionLike(node)) return;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && LOOKUP_METHODS.has(node.expression.name.text)) {
      const key = storageKey(checker, node.expression.expression, fn);
      if (key !== undefined) keys.add(key);
    }
    if (ts.isIdentifier(node) || ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
      // `this.a.b` reads `this.a.b` (and is where `this.a.b = …` writes); `this` alone is no cache.
      const key = storageKey(checker, node as ts.Expression, fn);
      if (key !== undefined && key !== 'this') keys.add(key);
    }
    node.forEachChild(visit);
  };
  visit(cond);
  return keys;
}

/** Storage written anywhere under `root`, nested callbacks included (`new Promise(r => this.c[k] = …)`). */
function writtenKeys(checker: ts.TypeChecker, root: ts.Node, fn: FunctionLike): Writes {
  const keys = new Set<string>();
  const cleared = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
      const key = storageKey(checker, node.left, fn);
      if (key !== undefined && key !== 'this') {
        keys.add(key);
        if (node.operatorToken.kind === ts.SyntaxKind.EqualsToken && isFalsyLiteral(node.right)) cleared.add(key);
      }
    } else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && STORE_METHODS.has(node.expression.name.text)) {
      const key = storageKey(checker, node.expression.expression, fn);
      if (key !== undefined && key !== 'this') keys.add(key);
    }
    node.forEachChild(visit);
  };
  visit(root);
  return { stored: keys, cleared };
}

/**
 * Whether `node` runs only when `fn` failed: it is in a `catch` block of `fn`'s
 * body. Error paths are not the hot path; a blocking call there runs once per
 * failure, and the `try` block's calls are still read.
 */
export function isOnErrorPath(node: ts.Node, fn: FunctionLike): boolean {
  for (let n: ts.Node = node; n !== fn && n.parent; n = n.parent) {
    if (ts.isCatchClause(n.parent) && n.parent.block === n) return true;
  }
  return false;
}
