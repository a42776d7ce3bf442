/**
 * The cheap syntactic prefilter: whether a function could hold heavy work at all,
 * before the checker is asked anything.
 */
import { ts } from '../compiler';
import { isFunctionLike, STOP_WALK, walkCarrying } from '../ast';
import { callableName } from '../call-name-index';
import { superLinearRegex } from '../../../core/super-linear-regex';
import { regexLiteralParts } from './regexes';

const ITERATING_METHODS = new Set(['forEach', 'map', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex', 'flatMap', 'sort']);
const REGEX_METHODS = new Set(['test', 'exec', 'match', 'matchAll', 'replace', 'replaceAll', 'search', 'split']);

function isIteration(node: ts.Node): boolean {
  if (ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node) || ts.isWhileStatement(node) || ts.isDoStatement(node)) return true;
  return ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ITERATING_METHODS.has(node.expression.name.text) &&
    node.arguments.some((a) => ts.isArrowFunction(a) || ts.isFunctionExpression(a));
}

const riskyRegexFiles = new WeakMap<ts.SourceFile, boolean>();

/** Whether the file holds a super-linear regex literal, or a `RegExp(…)` call (whose source is checked later). */
function fileHasRiskyRegex(sourceFile: ts.SourceFile): boolean {
  let risky = riskyRegexFiles.get(sourceFile);
  if (risky === undefined) {
    risky = false;
    // Every super-linear pattern holds an unbounded quantifier.
    if (/[+*}]|RegExp\(/.test(sourceFile.text)) {
      walkCarrying(sourceFile, undefined, (node) => {
        if (ts.isRegularExpressionLiteral(node)) {
          const { pattern, flags } = regexLiteralParts(node);
          if (superLinearRegex(pattern, flags)) risky = true;
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

export function calleeNameOf(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = call.expression;
  return ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
}
