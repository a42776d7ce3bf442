/**
 * sequential-await (TS): loops whose order is the point, by their shape (early exit, a reversed walk, pacing,
 * a list of callables, a counter going anywhere but up) or by what their author wrote (the collection's name, a comment).
 */
import { ts } from '../../lang/ts/compiler';
import { calleeName, isFunctionLike, skipOuterExpressions } from '../../lang/ts/ast';
import type { TsRuleContext } from '../../lang/ts/rule-context';
import { ORDER_INTENDED, PEER_RULE_COMMENT } from './order-intent';
import type { Loop } from './ts-loop-scope';

/** A collection whose name says its order is the point: migrations, steps, stages, `…InOrder`, `sorted…`. */
const ORDERED_COLLECTION = /(?:migrations?|steps?|stages?|phases?)$|(?:InOrder|Ordered|Sorted)$|^(?:ordered|sorted)/i;
/** Awaiting these is deliberate pacing: sleeps, rate limits. */
const PACING = /^(?:sleep|delay|wait|waitFor|setTimeout|pause|throttle|backoff|retry|limit)/i;

/** `for (let i = 0; i < n; i++)`: a counter going up, and nothing else in the header. */
export function isCountingUpLoop(loop: ts.ForStatement): boolean {
  if (!loop.initializer || !ts.isVariableDeclarationList(loop.initializer) || !loop.condition || !loop.incrementor) return false;
  if (containsAwaitOrCall(loop.condition)) return false;
  const inc = loop.incrementor;
  const up = (ts.isPostfixUnaryExpression(inc) || ts.isPrefixUnaryExpression(inc)) && inc.operator === ts.SyntaxKind.PlusPlusToken ||
    ts.isBinaryExpression(inc) && inc.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken;
  return up;
}

function containsAwaitOrCall(node: ts.Node): boolean {
  let found = false;
  const visit = (n: ts.Node) => {
    if (found) return;
    if (ts.isAwaitExpression(n) || ts.isCallExpression(n)) found = true;
    else n.forEachChild(visit);
  };
  visit(node);
  return found;
}

/** `break`, `return`, `throw`, or a labelled `continue` out of this loop: the loop may stop early, so it is ordered. */
export function hasEarlyExit(loop: ts.IterationStatement): boolean {
  let exit = false;
  const visit = (node: ts.Node, nestedLoop: boolean, inSwitch: boolean) => {
    if (exit || isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node) || ts.isThrowStatement(node) || ts.isYieldExpression(node)) {
      exit = true;
      return;
    }
    if (ts.isBreakStatement(node) && (node.label || !nestedLoop && !inSwitch)) {
      exit = true;
      return;
    }
    if (ts.isContinueStatement(node) && node.label) {
      exit = true;
      return;
    }
    const loopHere = ts.isIterationStatement(node, false);
    node.forEachChild((c) => visit(c, nestedLoop || loopHere, inSwitch || ts.isSwitchStatement(node)));
  };
  visit(loop.statement, false, false);
  return exit;
}

/** `for (const x of list.reverse())`, `.toReversed()`, `[...list].reverse()`: undoing in reverse order, as teardown does. */
export function isReversedWalk(loop: Loop): boolean {
  if (!ts.isForOfStatement(loop)) return false;
  const it = skipOuterExpressions(loop.expression);
  return ts.isCallExpression(it) && ts.isPropertyAccessExpression(it.expression) && /^(?:reverse|toReversed)$/.test(it.expression.name.text);
}

/** The author named the collection for its order (`migrations`, `stepsInOrder`, `sortedDeps`). */
export function isNamedForOrder(loop: Loop): boolean {
  if (!ts.isForOfStatement(loop)) return false;
  const it = skipOuterExpressions(loop.expression);
  const name = ts.isIdentifier(it) ? it.text : ts.isPropertyAccessExpression(it) ? it.name.text : undefined;
  return !!name && ORDERED_COLLECTION.test(name);
}

/** A sleep, a back-off or a hand-made timer promise between iterations: the pacing is the point. */
export function isPaced(checker: ts.TypeChecker, awaits: ts.AwaitExpression[]): boolean {
  return awaits.some((a) => {
    const expr = skipOuterExpressions(a.expression);
    if (ts.isNewExpression(expr) && calleeName(expr) === 'Promise') return true;
    if (!ts.isCallExpression(expr)) return false;
    if (PACING.test(calleeName(expr) ?? '')) return true;
    // `await Promise.all(batch.map(…))` per iteration: batches, concurrency limited on purpose.
    return isPromiseCombinator(checker, expr);
  });
}

function isPromiseCombinator(checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  const callee = skipOuterExpressions(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !/^(?:all|allSettled|race|any)$/.test(callee.name.text)) return false;
  const type = checker.getTypeAtLocation(callee.expression);
  return type.getSymbol()?.getName() === 'PromiseConstructor' || ts.isIdentifier(callee.expression) && callee.expression.text === 'Promise';
}

/**
 * The items are functions, or objects that can be called: hooks, middleware,
 * listeners, handlers. Calling each in turn is the point of such a list.
 */
export function iteratesCallables(checker: ts.TypeChecker, loop: Loop): boolean {
  if (!ts.isForOfStatement(loop) || !ts.isVariableDeclarationList(loop.initializer) || loop.initializer.declarations.length !== 1) return false;
  const decl = loop.initializer.declarations[0];
  const type = checker.getTypeAtLocation(decl.name);
  const parts = type.isUnion() ? type.types : [type];
  return parts.some((t) => t.getCallSignatures().length > 0 || t.getConstructSignatures().length > 0);
}

/**
 * A comment inside the loop or just above it that says the order is intended
 * ("sequential on purpose", "one at a time", "avoid concurrent queries"), or that
 * silences ESLint's no-await-in-loop there (when peer suppressions are honoured).
 */
export function saysOrderIsIntended(ctx: TsRuleContext, loop: Loop): boolean {
  const sf = ctx.sourceFile;
  const text = sf.text;
  for (const comment of commentsOf(sf, loop.getFullStart(), loop.getEnd())) {
    const body = text.slice(comment.pos, comment.end);
    // Our own suppression's reason ("-- order matters here") is the suppression's business.
    if (body.includes('loopwise-disable')) continue;
    if (ORDER_INTENDED.test(body)) return true;
    if (ctx.settings.honourPeerSuppressions && PEER_RULE_COMMENT.test(body)) return true;
  }
  return false;
}

interface CommentSpan {
  pos: number;
  end: number;
}

/** Comment ranges between `start` and `end`, from the scanner (so strings and templates do not count). */
function commentsOf(sf: ts.SourceFile, start: number, end: number): CommentSpan[] {
  const out: CommentSpan[] = [];
  const seen = new Set<number>();
  const add = (ranges: readonly CommentSpan[] | undefined) => {
    for (const r of ranges ?? []) if (!seen.has(r.pos) && r.pos >= start && r.end <= end) {
      seen.add(r.pos);
      out.push(r);
    }
  };
  const visit = (node: ts.Node) => {
    add(ts.getLeadingCommentRanges(sf.text, node.getFullStart()));
    add(ts.getTrailingCommentRanges(sf.text, node.getEnd()));
    node.forEachChild(visit);
  };
  visit(findLoop(sf, start, end) ?? sf);
  return out;
}

function findLoop(sf: ts.SourceFile, start: number, end: number): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (node: ts.Node) => {
    if (found || node.getFullStart() > start || node.getEnd() < end) return;
    if (node.getFullStart() === start && node.getEnd() === end) found = node;
    else node.forEachChild(visit);
  };
  visit(sf);
  return found;
}

/**
 * The loop is one side of a choice whose other side runs the work concurrently:
 * `if (driver === 'postgres') { for (…) out.push(await build(x)); } else { out = await Promise.all(xs.map(build)); }`,
 * or the same with the `if` returning and `return Promise.all(…)` after it (typeorm's
 * EntityPersistExecutor and RelationIdLoader, "avoid concurrent queries on the same pg
 * client"). The author wrote both and chose the sequential one for this case.
 */
export function hasConcurrentTwin(checker: ts.TypeChecker, loop: Loop): boolean {
  let node: ts.Node = loop;
  for (let parent = node.parent; parent && !isFunctionLike(parent); node = parent, parent = parent.parent) {
    if (!ts.isIfStatement(parent) || node === parent.expression) continue;
    const other = node === parent.thenStatement ? parent.elseStatement : parent.thenStatement;
    if (other && runsConcurrently(checker, other)) return true;
    // `if (…) { …loop…; return r; } return Promise.all(…)`: what follows the `if` is its else.
    if (node === parent.thenStatement && !parent.elseStatement && endsInReturn(parent.thenStatement) && ts.isBlock(parent.parent)) {
      const after = parent.parent.statements.slice(parent.parent.statements.indexOf(parent) + 1);
      if (after.some((st) => runsConcurrently(checker, st))) return true;
    }
  }
  return false;
}

function endsInReturn(statement: ts.Statement): boolean {
  const last = ts.isBlock(statement) ? statement.statements[statement.statements.length - 1] : statement;
  return !!last && (ts.isReturnStatement(last) || ts.isThrowStatement(last));
}

/** A `Promise.all`/`allSettled` over a `.map(…)` in the statement, outside nested functions. */
function runsConcurrently(checker: ts.TypeChecker, statement: ts.Node): boolean {
  let found = false;
  const visit = (n: ts.Node) => {
    if (found || isFunctionLike(n)) return;
    if (ts.isCallExpression(n) && isPromiseCombinator(checker, n) && /^(?:all|allSettled)$/.test((skipOuterExpressions(n.expression) as ts.PropertyAccessExpression).name.text) &&
        n.arguments.some((a) => { const e = skipOuterExpressions(a); return ts.isCallExpression(e) && calleeName(e) === 'map'; })) {
      found = true;
      return;
    }
    n.forEachChild(visit);
  };
  visit(statement);
  return found;
}
