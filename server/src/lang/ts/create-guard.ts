/**
 * Create-if-missing work: a call that runs only while a path the function checks
 * for does not exist yet, in the part of the function that then creates that path.
 * Once the path exists the check skips the work, so it runs once per missing
 * resource (the first run, a new directory), not once per request:
 *
 * - `if (!existsSync(dir)) { mkdirSync(dir); execSync(`chown … ${dir}`) }`;
 * - `if (existsSync(file)) return; … writeFileSync(file, defaults)`;
 * - `try { await fs.access(dir); return } catch {} … await fs.mkdir(dir); execSync(…)`
 *   (also `stat`/`statSync`/`accessSync`, which throw for a missing path).
 *
 * Recognised by data flow, not by names: the check and the creation are calls of the
 * file-system modules (`fs`, `fs/promises`, `fs-extra`, `graceful-fs`, by the checker or
 * the import), and they name the same path (the same variable, property chain or
 * expression). A check with no creation of that path behind it (`if (!existsSync(p))
 * return notFound()`; … `readFileSync(p)`) guards a read, which runs on every request,
 * and is no evidence.
 */
import { ts } from './compiler';
import { skipOuterExpressions, statementExits, type FunctionLike } from './ast';
import { resolveCallee } from './callee';

const FS_MODULES = new Set(['fs', 'fs/promises', 'fs-extra', 'graceful-fs']);
/** Calls that tell whether their first argument exists: a boolean, or a throw for a missing path. */
const EXISTS_BOOLEAN = new Set(['existsSync', 'pathExists', 'pathExistsSync', 'exists']);
const EXISTS_THROWING = new Set(['access', 'accessSync', 'stat', 'statSync', 'lstat', 'lstatSync']);
/** Calls that create the path they are given, by the index of that argument. */
const CREATES: ReadonlyMap<string, number> = new Map([
  ...['mkdir', 'mkdirSync', 'writeFile', 'writeFileSync', 'ensureDir', 'ensureDirSync', 'mkdirp', 'mkdirpSync', 'mkdirs', 'mkdirsSync',
    'ensureFile', 'ensureFileSync', 'outputFile', 'outputFileSync', 'outputJson', 'outputJsonSync', 'writeJson', 'writeJsonSync'].map((n) => [n, 0] as const),
  ...['copyFile', 'copyFileSync', 'cp', 'cpSync', 'copy', 'copySync', 'symlink', 'symlinkSync', 'link', 'linkSync', 'rename', 'renameSync'].map((n) => [n, 1] as const),
]);

/** Whether `call` in `fn` runs only while a path `fn` checks for is missing, where `fn` creates that path. */
export function isCreateIfMissing(checker: ts.TypeChecker, program: ts.Program, call: ts.Node, fn: FunctionLike): boolean {
  if (!fn.body) return false;
  const fsName = (node: ts.Node): string | undefined => {
    if (!ts.isCallExpression(node)) return undefined;
    const target = resolveCallee(checker, program, node);
    return target.kind === 'module-export' && FS_MODULES.has(target.module.replace(/^node:/, '')) ? target.name : undefined;
  };
  for (let node: ts.Node = call; node !== fn && node.parent; node = node.parent) {
    const parent = node.parent;
    // if (!existsSync(p)) { … mkdirSync(p) … }
    if (ts.isIfStatement(parent) && parent.thenStatement === node) {
      const checked = missingTest(parent.expression, fsName);
      if (checked && creates(node, checked, checker, fsName)) return true;
    }
    if (ts.isBlock(parent) && ts.isStatement(node)) {
      const index = parent.statements.indexOf(node);
      const rest = parent.statements.slice(index);
      for (const stmt of parent.statements.slice(0, index)) {
        const checked = existingExit(stmt, fsName);
        if (checked && rest.some((s) => creates(s, checked, checker, fsName))) return true;
      }
    }
  }
  return false;
}

/** `!existsSync(p)`, `existsSync(p) === false`, `!(await pathExists(p))`: the path tested for being missing. */
function missingTest(cond: ts.Expression, fsName: (n: ts.Node) => string | undefined): ts.Expression | undefined {
  const e = skipOuterExpressions(cond);
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) return existsCheck(e.operand, fsName);
  if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.EqualsEqualsEqualsToken || e.operatorToken.kind === ts.SyntaxKind.EqualsEqualsToken) &&
      skipOuterExpressions(e.right).kind === ts.SyntaxKind.FalseKeyword) return existsCheck(e.left, fsName);
  return undefined;
}

function existsCheck(expr: ts.Expression, fsName: (n: ts.Node) => string | undefined): ts.Expression | undefined {
  let e = skipOuterExpressions(expr);
  if (ts.isAwaitExpression(e)) e = skipOuterExpressions(e.expression);
  const name = fsName(e);
  return name && EXISTS_BOOLEAN.has(name) ? (e as ts.CallExpression).arguments[0] : undefined;
}

/**
 * A statement after which the rest of the block runs only when a path is missing:
 * `if (existsSync(p)) return;` or `try { await access(p); return; } catch {}`.
 */
function existingExit(stmt: ts.Statement, fsName: (n: ts.Node) => string | undefined): ts.Expression | undefined {
  if (ts.isIfStatement(stmt) && !stmt.elseStatement && statementExits(stmt.thenStatement)) return existsCheck(stmt.expression, fsName);
  if (ts.isTryStatement(stmt) && stmt.catchClause && statementExits(stmt.tryBlock)) {
    for (const s of stmt.tryBlock.statements) {
      let e: ts.Expression | undefined = ts.isExpressionStatement(s) ? s.expression : ts.isVariableStatement(s) ? s.declarationList.declarations[0]?.initializer : undefined;
      if (!e) continue;
      e = skipOuterExpressions(e);
      if (ts.isAwaitExpression(e)) e = skipOuterExpressions(e.expression);
      const name = fsName(e);
      if (name && EXISTS_THROWING.has(name)) return (e as ts.CallExpression).arguments[0];
    }
  }
  return undefined;
}

/** Whether `root` (not counting nested functions) makes a file-system call that creates `path`. */
function creates(root: ts.Node, path: ts.Expression | undefined, checker: ts.TypeChecker, fsName: (n: ts.Node) => string | undefined): boolean {
  if (!path) return false;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || ts.isFunctionLike(node)) return;
    if (ts.isCallExpression(node)) {
      const name = fsName(node);
      const at = name === undefined ? undefined : CREATES.get(name);
      const arg = at === undefined ? undefined : node.arguments[at];
      if (arg && samePath(checker, arg, path)) {
        found = true;
        return;
      }
    }
    node.forEachChild(visit);
  };
  visit(root);
  return found;
}

/**
 * The same path: the same variable (by the checker's symbol), the same property chain
 * on it, or the same side-effect-free expression written twice (`join(dir, 'x')`).
 */
function samePath(checker: ts.TypeChecker, a: ts.Expression, b: ts.Expression): boolean {
  const x = skipOuterExpressions(a);
  const y = skipOuterExpressions(b);
  if (ts.isIdentifier(x) && ts.isIdentifier(y)) {
    const sx = checker.getSymbolAtLocation(x);
    return sx !== undefined && sx === checker.getSymbolAtLocation(y);
  }
  if (ts.isPropertyAccessExpression(x) && ts.isPropertyAccessExpression(y)) return x.name.text === y.name.text && samePath(checker, x.expression, y.expression);
  if (x.kind === ts.SyntaxKind.ThisKeyword && y.kind === ts.SyntaxKind.ThisKeyword) return true;
  if (ts.isStringLiteralLike(x) && ts.isStringLiteralLike(y)) return x.text === y.text;
  if (ts.isCallExpression(x) && ts.isCallExpression(y) && x.arguments.length === y.arguments.length) {
    return samePath(checker, x.expression, y.expression) && x.arguments.every((arg, i) => samePath(checker, arg, y.arguments[i]));
  }
  return false;
}
