/** sequential-await (TS): the Promise.all rewrite offered for a flagged loop. */
import { ts } from '../../lang/ts/compiler';
import { isFunctionLike, skipOuterExpressions } from '../../lang/ts/ast';
import type { Fix } from '../../core/finding';
import type { TsRuleContext } from '../../lang/ts/rule-context';
import type { Sink } from './ts-collected-results';


function hasContinueOrVar(body: ts.Statement): boolean {
  let found = false;
  const visit = (node: ts.Node, nestedLoop: boolean) => {
    if (found || isFunctionLike(node)) return;
    if (ts.isContinueStatement(node) && !nestedLoop) found = true;
    if (ts.isVariableDeclarationList(node) && !(node.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const))) found = true;
    if (ts.isIdentifier(node) && node.text === 'arguments') found = true;
    node.forEachChild((c) => visit(c, nestedLoop || ts.isIterationStatement(node, false)));
  };
  visit(body, false);
  return found;
}

/**
 * Two rewrites that keep what the loop computes:
 * - `for (const x of xs) out.push(g(await f(x)));` →
 *   `out.push(...(await Promise.all(xs.map(async (x) => g(await f(x))))));`, results in the items' order;
 * - a body whose only sinks store under a key (`out[x.id] = await f(x)`, `map.set(k, v)`,
 *   `set.add(v)`) → `await Promise.all(xs.map(async (x) => { … }));`: the body moves
 *   whole into the callback, so every local it uses comes along.
 * A running sum or a push among other statements would change meaning; those get no fix.
 */
export function promiseAllFix(ctx: TsRuleContext, loop: ts.IterationStatement, sinks: Sink[]): Fix[] {
  if (!ts.isForOfStatement(loop) || !ts.isVariableDeclarationList(loop.initializer)) return [];
  const list = loop.initializer;
  if (!(list.flags & ts.NodeFlags.Const) || list.declarations.length !== 1 || hasContinueOrVar(loop.statement)) return [];
  const checker = ctx.index.checker;
  const iterType = checker.getTypeAtLocation(loop.expression);
  if (!checker.isArrayType(iterType) && !checker.isTupleType(iterType)) return [];
  if (!ts.isExpressionStatement(loop.parent) && !ts.isBlock(loop.parent) && !ts.isSourceFile(loop.parent) && !ts.isCaseClause(loop.parent) && !ts.isDefaultClause(loop.parent)) return [];
  const binding = list.declarations[0].name.getText();
  const iterable = loop.expression.getText();
  const receiver = /^[\w$.]+(?:\([^()]*\))?$/.test(iterable) ? iterable : `(${iterable})`;
  const statements = ts.isBlock(loop.statement) ? loop.statement.statements : [loop.statement];
  let replacement: string | undefined;
  const only = statements.length === 1 && ts.isExpressionStatement(statements[0]) ? skipOuterExpressions(statements[0].expression) : undefined;
  const push = sinks.length === 1 && sinks[0].node === only && ts.isCallExpression(only) && ts.isPropertyAccessExpression(only.expression) &&
    only.expression.name.text === 'push' && only.arguments.length === 1 ? only : undefined;
  if (push) {
    const target = (push.expression as ts.PropertyAccessExpression).expression.getText();
    replacement = `${target}.push(...(await Promise.all(${receiver}.map(async (${binding}) => ${push.arguments[0].getText()}))));`;
  } else if (sinks.every((s) => s.kind === 'key' || s.kind === 'push' && /^(?:set|add)$/.test(((s.node as ts.CallExpression).expression as ts.PropertyAccessExpression).name.text))) {
    const body = ts.isBlock(loop.statement) ? loop.statement.getText() : `{ ${loop.statement.getText()} }`;
    replacement = `await Promise.all(${receiver}.map(async (${binding}) => ${body}));`;
  }
  if (!replacement) return [];
  return [{
    title: 'Run the iterations concurrently with Promise.all',
    edits: [{ start: loop.getStart(), end: loop.getEnd(), newText: replacement }],
    safe: false,
  }];
}
