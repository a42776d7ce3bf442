/**
 * A file-system call on the kernel's pseudo-file systems: `/proc` and `/sys`
 * (`readFileSync('/proc/meminfo')`, `readFileSync('/sys/class/net/' + name +
 * '/statistics/rx_bytes')`). The kernel makes those files up from memory when they
 * are read: no disk is waited for, and a read takes microseconds, so it is no
 * blocking I/O (Node's own `os.cpus()` and `os.loadavg()` read them synchronously too).
 *
 * Recognised by the path the call is given, folded as far as the code shows it: a
 * string literal, a template's head, the left end of a `+` concatenation, `path.join`'s
 * or `path.resolve`'s first argument, and a local or `const` bound to one of those
 * and never assigned again. A path the code computes otherwise is not assumed to be one.
 */
import { ts } from '../../lang/ts/compiler';
import { skipOuterExpressions, isFunctionLike } from '../../lang/ts/ast';
import type { BlockingApi } from '../../lang/ts/blocking-apis';

const KERNEL_ROOTS = /^\/(?:proc|sys)(?:\/|$)/;
const FS_MODULES = new Set(['fs', 'fs-extra', 'graceful-fs']);
const PATH_JOINERS = new Set(['join', 'resolve']);

/** Whether a blocking file-system call's path (its first argument) is under /proc or /sys. */
export function isKernelPseudoFileCall(checker: ts.TypeChecker, call: ts.CallExpression | ts.NewExpression, api: BlockingApi): boolean {
  if (!FS_MODULES.has(api.module)) return false;
  const path = call.arguments?.[0];
  const prefix = path && leadingText(checker, path, 0);
  return prefix !== undefined && KERNEL_ROOTS.test(prefix);
}

/** The text a string expression starts with, as far as the code shows it. */
function leadingText(checker: ts.TypeChecker, expr: ts.Expression, depth: number): string | undefined {
  if (depth > 6) return undefined;
  const e = skipOuterExpressions(expr);
  if (ts.isStringLiteralLike(e)) return e.text;
  if (ts.isTemplateExpression(e)) return e.head.text !== '' ? e.head.text : leadingText(checker, e.templateSpans[0].expression, depth + 1);
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) return leadingText(checker, e.left, depth + 1);
  if (ts.isCallExpression(e) && e.arguments[0]) {
    const callee = skipOuterExpressions(e.expression);
    const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
    const declFile = name ? checker.getSymbolAtLocation(ts.isPropertyAccessExpression(callee) ? callee.name : callee)?.declarations?.[0]?.getSourceFile().fileName : undefined;
    // Node's path.join/resolve (by its types), or path.join on a `require('path')` binding.
    const fromPath = declFile ? /[\\/]@types[\\/]node[\\/]path\.d\.ts$/.test(declFile) : ts.isPropertyAccessExpression(callee) && isPathModule(checker, callee.expression);
    if (name && PATH_JOINERS.has(name) && fromPath) return leadingText(checker, e.arguments[0], depth + 1);
    return undefined;
  }
  if (ts.isIdentifier(e)) {
    const decl = checker.getSymbolAtLocation(e)?.valueDeclaration;
    if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer || !ts.isIdentifier(decl.name)) return undefined;
    if ((ts.getCombinedNodeFlags(decl) & ts.NodeFlags.Const) === 0 && isReassigned(checker, decl)) return undefined;
    return leadingText(checker, decl.initializer, depth + 1);
  }
  return undefined;
}

/** `path` bound to `require('path')` / `require('node:path')`. */
function isPathModule(checker: ts.TypeChecker, expr: ts.Expression): boolean {
  const e = skipOuterExpressions(expr);
  if (!ts.isIdentifier(e)) return false;
  const decl = checker.getSymbolAtLocation(e)?.valueDeclaration;
  if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer) return false;
  const init = skipOuterExpressions(decl.initializer);
  return ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === 'require' &&
    init.arguments.length === 1 && ts.isStringLiteralLike(init.arguments[0]) && /^(?:node:)?path$/.test(init.arguments[0].text);
}

/** Whether a `let`/`var` is assigned anywhere after its declaration, in the function (or file) that declares it. */
function isReassigned(checker: ts.TypeChecker, decl: ts.VariableDeclaration): boolean {
  const symbol = checker.getSymbolAtLocation(decl.name);
  let scope: ts.Node = decl;
  while (scope.parent && !isFunctionLike(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    const target = ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment ? node.left
      : (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken) ? node.operand
      : undefined;
    if (target && ts.isIdentifier(skipOuterExpressions(target)) && checker.getSymbolAtLocation(skipOuterExpressions(target)) === symbol) {
      found = true;
      return;
    }
    node.forEachChild(visit);
  };
  visit(scope);
  return found;
}
