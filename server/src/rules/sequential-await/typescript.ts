/** sequential-await: the TypeScript reading (the rule's header and meta are in index.ts). The questions it asks of a loop are in
 * ts-loop-order.ts (is the order the point?), ts-independent-calls.ts (does each await start its own work?),
 * ts-collected-results.ts (are the results collected, with nothing carried between iterations?) and the fix in ts-promise-all-fix.ts. */
import { ts } from '../../lang/ts/compiler';
import { walk } from '../../lang/ts/ast';
import { forEachInSameFunction } from '../../lang/ts/context-walk';
import type { TsRuleContext } from '../../lang/ts/rule-context';
import { declaredInLoop, type Loop } from './ts-loop-scope';
import { isCountingUpLoop, hasEarlyExit, isReversedWalk, isNamedForOrder, isPaced, iteratesCallables, saysOrderIsIntended, hasConcurrentTwin } from './ts-loop-order';
import { isIndependentCall, isItemMethodCall, drainsExistingStream } from './ts-independent-calls';
import { collectingSinks, readsBackCollection, carriesState, mutatesOutsideCollection, hasEffectsAroundAwait, usesIterationData, isCollected } from './ts-collected-results';
import { promiseAllFix } from './ts-promise-all-fix';
import { isInSelfReschedulingFunction, yieldsCollection } from './ts-self-rescheduling';

export function checkTypeScript(ctx: TsRuleContext): void {
  walk(ctx.sourceFile, (node) => {
    if (ctx.token.isCancellationRequested) return false;
    if (ts.isForOfStatement(node) && !node.awaitModifier || ts.isForInStatement(node) || ts.isForStatement(node)) checkLoop(ctx, node);
    return true;
  });
}

/** Awaits in the loop body (an await in the iterable runs only once). */
function awaitsIn(loop: ts.IterationStatement): ts.AwaitExpression[] {
  const out: ts.AwaitExpression[] = [];
  forEachInSameFunction(loop.statement, (node) => {
    if (ts.isAwaitExpression(node)) out.push(node);
    return true;
  });
  return out;
}

function checkLoop(ctx: TsRuleContext, loop: Loop): void {
  const checker = ctx.index.checker;
  const awaits = awaitsIn(loop);
  if (awaits.length === 0) return;
  if (ts.isForStatement(loop) && !isCountingUpLoop(loop)) return;
  if (hasEarlyExit(loop) || isReversedWalk(loop) || isNamedForOrder(loop) || isPaced(checker, awaits)) return;
  if (iteratesCallables(checker, loop) || saysOrderIsIntended(ctx, loop) || hasConcurrentTwin(checker, loop)) return;
  const perIteration = (id: ts.Identifier) => declaredInLoop(checker, loop, id);
  // Every await must be a call that is not on one object that all iterations share
  // (a connection, a stream), and not a hook, a handler or a plugin's extension point;
  // a data item's own method (`await u.load()`) is the item's work.
  if (!awaits.every((a) => isIndependentCall(checker, ctx.index.program, a, perIteration) || isItemMethodCall(checker, loop, a))) return;
  // Draining streams the items already hold: one source delivers them in turn.
  if (awaits.some((a) => drainsExistingStream(checker, loop, a))) return;
  const sinks = collectingSinks(checker, loop);
  if (sinks.length === 0 || sinks.some((s) => readsBackCollection(checker, loop, s, sinks))) return;
  if (carriesState(checker, loop, sinks) || mutatesOutsideCollection(checker, loop, sinks) || hasEffectsAroundAwait(loop, awaits)) return;
  const first = awaits.find((a) => usesIterationData(checker, loop, a) && isCollected(checker, loop, a, sinks));
  if (!first) return;
  // A loader that reloads itself on change, a poller that schedules its next round: it runs per change or tick, over its source.
  if (isInSelfReschedulingFunction(ctx.index, loop)) return;
  // An async generator that yields what the loop collected streams its results one by one.
  if (yieldsCollection(checker, loop, sinks.map((s) => s.target))) return;
  const label = ts.isForOfStatement(loop) ? describeIterable(loop.expression) : 'the loop';
  ctx.report({
    start: first.getStart(),
    end: first.getEnd(),
    message: `This await runs once per iteration of ${label}, one after another, though each call takes only its own item and the results are collected. Start them together with 'await Promise.all(…map(async …))', or with a concurrency limit (p-limit, or batches) for long lists.`,
    fixes: promiseAllFix(ctx, loop, sinks),
  });
}

function describeIterable(expr: ts.Expression): string {
  const text = expr.getText().replace(/\s+/g, ' ');
  return `'${text.length > 40 ? text.slice(0, 37) + '…' : text}'`;
}
