/** cpu-bound-on-event-loop: the TypeScript reading (the rule's header and meta are in index.ts). */
import { ts } from '../../lang/ts/compiler';
import { calleeName, isFunctionLike, functionName, walk, type FunctionLike } from '../../lang/ts/ast';
import { StartupFunctions, classifyFunction, forEachCallIn, isWorkerThreadModule, type ContextKind } from '../../lang/ts/event-loop-context';
import { heavyWorkIndexOf } from '../../lang/ts/heavy-work';
import type { HeavyPath } from '../../lang/ts/heavy-work/work';
import { isSynchronous } from '../../lang/ts/project-index';
import type { TsRuleContext } from '../../lang/ts/rule-context';

const ADVICE = 'Move it to a worker thread (worker_threads, or a pool such as piscina), or split it into chunks that yield with await setImmediate() from node:timers/promises.';
const LOWER_SEVERITY_KINDS: ReadonlySet<ContextKind> = new Set(['timer', 'emitter']);

export function checkTypeScript(ctx: TsRuleContext): void {
  const { sourceFile, index } = ctx;
  // A worker thread's own module is where CPU-heavy work belongs.
  if (isWorkerThreadModule(index.checker, sourceFile)) return;
  const startup = new StartupFunctions(sourceFile, index.checker);
  walk(sourceFile, (node) => {
    if (ctx.token.isCancellationRequested) return false;
    if (isFunctionLike(node)) {
      const role = classifyFunction(index.checker, index.program, node);
      if (role.role === 'context' && !(role.kind === 'async' && startup.isStartupOnly(node))) checkContext(ctx, node, role.kind, role.description);
    }
    return true;
  });
}

function checkContext(ctx: TsRuleContext, fn: FunctionLike, kind: ContextKind, where: string): void {
  const heavy = heavyWorkIndexOf(ctx.index);
  const severity = LOWER_SEVERITY_KINDS.has(kind) ? ('info' as const) : undefined;
  for (const work of heavy.ownWork(fn)) {
    ctx.report({
      start: work.start,
      end: work.end,
      severity,
      message: `CPU-heavy work on the event loop in ${where}: ${work.what}. Nothing else runs until it finishes. ${ADVICE}`,
      detail: work.detail,
    });
  }
  forEachCallIn(ctx.index.checker, ctx.index.program, fn, (call) => {
    if (!ts.isCallExpression(call) && !ts.isNewExpression(call)) return;
    const name = calleeName(call);
    if (!name || !heavy.mayBeHeavy(name)) return;
    const target = ctx.index.resolveCallee(call);
    if (target.kind !== 'user' || target.declaration === fn || !isSynchronous(target.declaration)) return;
    const path = heavy.callPathOf(call, target.declaration);
    if (path) reportPath(ctx, call, functionName(target.declaration), path, where, severity);
  });
}

function reportPath(ctx: TsRuleContext, call: ts.Node, callee: string, path: HeavyPath, where: string, severity: 'info' | undefined): void {
  const chain = [callee, ...path.steps.map((s) => s.callee)].join(' → ');
  const work = path.work;
  const related = path.steps.map((step) => ({ file: step.file, start: step.start, end: step.end, message: `${step.caller} calls ${step.callee}` }));
  if (path.steps.length > 0 || work.end > work.start) {
    related.push({ file: work.node.getSourceFile().fileName, start: work.start, end: work.end, message: 'the heavy work' });
  }
  ctx.report({
    start: call.getStart(),
    end: call.getEnd(),
    severity,
    message: `${callee}() does CPU-heavy work on the event loop in ${where}: ${work.what}${path.steps.length > 0 ? ` (${chain})` : ''}. Nothing else runs until it returns. ${ADVICE}`,
    detail: work.detail,
    related,
  });
}
