/**
 * Super-linear regular expressions applied to input-sized text. Which patterns
 * are super-linear is core/super-linear-regex.ts's analysis (scslre); here is
 * only where a pattern is applied and to what: a regex literal (or `RegExp('…')`
 * with literal arguments, or a `const` naming one) passed to `test`/`exec` or to
 * a string's `match`/`matchAll`/`replace`/`replaceAll`/`search`/`split`, on text
 * that is not fixed by the program (see `isInputText`).
 */
import { ts } from '../compiler';
import { skipOuterExpressions } from '../ast';
import type { HeavyWork } from './work';
import { superLinearAdvice, superLinearRegex } from '../../../core/super-linear-regex';

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

/**
 * Whether the text a regex runs on can be as long as the input: not constant
 * text, and not of a type whose every value the program spells out (`'get' | 'post'`,
 * a string enum). The rest of the input-size question (where the text comes from)
 * is the event-loop context's: the rule reports only in request handlers, message
 * and event callbacks and async functions, whose parameters and reads are input.
 */
function isInputText(checker: ts.TypeChecker, expr: ts.Expression): boolean {
  if (isConstantText(checker, expr)) return false;
  const type = checker.getTypeAtLocation(expr);
  const members = type.isUnion() ? type.types : [type];
  if (members.every((t) => t.isStringLiteral() || (t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)) !== 0)) return false;
  return members.some((t) => (t.flags & (ts.TypeFlags.String | ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.TemplateLiteral | ts.TypeFlags.StringMapping)) !== 0 ||
    // A `String` object, or a generic constrained to string.
    checker.isTypeAssignableTo(t, checker.getStringType()) && !t.isStringLiteral());
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
    if (source && ts.isStringLiteralLike(source) && (!flags || ts.isStringLiteralLike(flags))) return { pattern: source.text, flags: flags ? flags.text : '' };
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

/** A regex literal's pattern and flags, for the prefilter. */
export function regexLiteralParts(node: { text: string }): { pattern: string; flags: string } {
  const slash = node.text.lastIndexOf('/');
  return { pattern: node.text.slice(1, slash), flags: node.text.slice(slash + 1) };
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
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
  if (!regex || !isInputText(checker, input)) return undefined;
  const found = superLinearRegex(regex.pattern, regex.flags, 'search');
  if (!found) return undefined;
  const shown = `/${shorten(regex.pattern, 40)}/${regex.flags}`;
  return {
    node: call,
    start: call.getStart(),
    end: call.getEnd(),
    what: `the regex ${shown} takes ${found.complexityText} on '${shorten(input.getText(), 30)}' like ${found.attackShape}`,
    detail: superLinearAdvice(found, 'ts'),
  };
}
