/** Catastrophically backtracking regular expressions applied to text that is not constant. */
import { ts } from '../compiler';
import { skipOuterExpressions } from '../ast';
import type { HeavyWork } from './work';
import { findCatastrophicBacktracking } from '../regex-backtracking';

const REGEX_RECEIVER_METHODS = new Set(['test', 'exec']);
const STRING_REGEX_METHODS = new Set(['match', 'matchAll', 'replace', 'replaceAll', 'search', 'split']);
export function isConstantText(checker: ts.TypeChecker, expr: ts.Expression): boolean {
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

export function regexWork(checker: ts.TypeChecker, call: ts.CallExpression): HeavyWork | undefined {
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
