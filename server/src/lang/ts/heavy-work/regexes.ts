/**
 * Super-linear regular expressions applied to input-sized text. Which patterns
 * are super-linear is core/super-linear-regex.ts's analysis (scslre); here is
 * only where a pattern is applied and to what: a regex literal (or `RegExp('…')`
 * with literal arguments, or a `const` naming one) passed to `test`/`exec` or to
 * a string's `match`/`matchAll`/`replace`/`replaceAll`/`search`/`split`, on text
 * that is not fixed by the program (see `isInputText`).
 */
import { ts } from '../compiler';
import { type FunctionLike, skipOuterExpressions } from '../ast';
import type { HeavyWork } from './work';
import { superLinearAdvice, superLinearRegex } from '../../../core/super-linear-regex';
import { classifyFunction } from '../event-loop-context';

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
 * Whether the text a regex runs on is sized by data from outside, with positive
 * evidence found by following the text back through `const` locals, property
 * reads and string methods to where it comes from:
 * - a parameter of a request, message or event handler (`req.url`, `msg.data`),
 *   as `classifyFunction` classifies the function (kinds 'handler' and 'emitter');
 * - a string parameter of an exported function (a library's API, which callers
 *   fill from their input), the parameter itself rather than a field of an options object;
 * - a local holding the awaited result of a read, typed as a string (`await res.text()`,
 *   `await fsp.readFile(p, 'utf8')`).
 * Constants, literal-typed strings and anything else (configuration, schema names,
 * error messages, versions) are not evidence, and a helper's parameter is not
 * followed back to its callers.
 */
function isInputText(checker: ts.TypeChecker, program: ts.Program, expr: ts.Expression, depth = 0): boolean {
  if (depth > 6 || isConstantText(checker, expr)) return false;
  const node = skipOuterExpressions(expr);
  if (isLiteralTyped(checker, node)) return false;
  if (ts.isTemplateExpression(node)) return node.templateSpans.some((s) => isInputText(checker, program, s.expression, depth + 1));
  if (ts.isBinaryExpression(node) && [ts.SyntaxKind.PlusToken, ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(node.operatorToken.kind)) {
    return isInputText(checker, program, node.left, depth + 1) || isInputText(checker, program, node.right, depth + 1);
  }
  // `text.trim()`, `String(body)`, `buf.toString('utf8')`: the same text.
  if (ts.isCallExpression(node)) {
    if (ts.isIdentifier(node.expression) && node.expression.text === 'String' && node.arguments[0]) return isInputText(checker, program, node.arguments[0], depth + 1);
    if (ts.isPropertyAccessExpression(node.expression) && STRING_SAME_SIZE.has(node.expression.name.text)) return isInputText(checker, program, node.expression.expression, depth + 1);
    return false;
  }
  let root: ts.Expression = node;
  let chained = false;
  while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root)) {
    root = skipOuterExpressions(root.expression);
    chained = true;
  }
  if (!ts.isIdentifier(root)) return false;
  const decl = checker.getSymbolAtLocation(root)?.valueDeclaration;
  if (!decl) return false;
  if (ts.isParameter(decl)) {
    const fn = decl.parent;
    if (!(ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn) || ts.isArrowFunction(fn) || ts.isMethodDeclaration(fn))) return false;
    const role = classifyFunction(checker, program, fn as FunctionLike);
    if (role.role === 'context' && role.kind === 'emitter') {
      const emitted = ownEmitArguments(checker, program, fn as FunctionLike, fn.parameters.indexOf(decl));
      return emitted === undefined || emitted.some((arg) => isInputText(checker, program, arg, depth + 1));
    }
    if (role.role === 'context' && role.kind === 'handler') return true;
    return !chained && isExportedFunction(fn) && isStringish(checker, node);
  }
  if (ts.isVariableDeclaration(decl) && decl.initializer && ts.isVariableDeclarationList(decl.parent) && decl.parent.flags & ts.NodeFlags.Const) {
    const init = skipOuterExpressions(decl.initializer);
    if (!chained && ts.isAwaitExpression(init)) return isStringish(checker, node) && !(checker.getTypeAtLocation(node).flags & ts.TypeFlags.Any);
    return ts.isIdentifier(decl.name) && !chained && isInputText(checker, program, decl.initializer, depth + 1);
  }
  return false;
}

/**
 * `client.on('client_protocol', (line) => …)` where the client is an instance of a class
 * of this program that emits the event itself (`this.emit('client_protocol', line)`):
 * the payload is what those `emit` calls pass, so it is input only if that is. Returns
 * the arguments the program's own `emit` calls pass at the listener's parameter, or
 * undefined when the emitter is not a class of this program or the program never emits
 * the event (a socket's 'data', a library's events: their payload comes from outside).
 */
function ownEmitArguments(checker: ts.TypeChecker, program: ts.Program, fn: FunctionLike, index: number): ts.Expression[] | undefined {
  const call = fn.parent;
  if (index < 0 || !ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression)) return undefined;
  const event = call.arguments[0];
  if (!event || !ts.isStringLiteralLike(event) || call.arguments[1] !== fn) return undefined;
  const declarations = checker.getTypeAtLocation(call.expression.expression).getSymbol()?.getDeclarations() ?? [];
  const own = declarations.filter((d) => ts.isClassLike(d) && !d.getSourceFile().isDeclarationFile && !program.isSourceFileFromExternalLibrary(d.getSourceFile()) &&
    !/[\\/]node_modules[\\/]/.test(d.getSourceFile().fileName));
  if (own.length === 0 || own.length !== declarations.length) return undefined;
  const args: ts.Expression[] = [];
  let emits = 0;
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'emit') {
      const name = node.arguments[0];
      if (name && ts.isStringLiteralLike(name) && name.text === event.text) {
        emits++;
        const arg = node.arguments[index + 1];
        if (arg) args.push(arg);
      }
    }
    ts.forEachChild(node, visit);
  };
  for (const d of own) visit(d);
  return emits > 0 ? args : undefined;
}

const STRING_SAME_SIZE = new Set(['trim', 'trimStart', 'trimEnd', 'toLowerCase', 'toUpperCase', 'toString', 'normalize', 'slice', 'substring']);

function isLiteralTyped(checker: ts.TypeChecker, node: ts.Expression): boolean {
  const type = checker.getTypeAtLocation(node);
  const members = type.isUnion() ? type.types : [type];
  return members.every((t) => t.isStringLiteral() || (t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)) !== 0);
}

function isStringish(checker: ts.TypeChecker, node: ts.Expression): boolean {
  const type = checker.getTypeAtLocation(node);
  const members = type.isUnion() ? type.types : [type];
  return members.some((t) => (t.flags & (ts.TypeFlags.String | ts.TypeFlags.Any | ts.TypeFlags.TemplateLiteral | ts.TypeFlags.StringMapping)) !== 0);
}

/** `export function f(…)`, `export const f = (…) => …`, `export default function`. */
function isExportedFunction(fn: ts.Node): boolean {
  const holder = ts.isFunctionDeclaration(fn) ? fn : ts.isVariableDeclaration(fn.parent) ? fn.parent.parent.parent : undefined;
  return !!holder && ts.isStatement(holder) && ts.isSourceFile(holder.parent) && (ts.getCombinedModifierFlags(holder as unknown as ts.Declaration) & ts.ModifierFlags.Export) !== 0;
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

export function regexWork(checker: ts.TypeChecker, program: ts.Program, call: ts.CallExpression): HeavyWork | undefined {
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
  if (!regex || !isInputText(checker, program, input)) return undefined;
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
