/**
 * cpu-bound-on-event-loop, the Python reading: heavy CPU work inside `async def`
 * or reached from it: nested loops over input, a busy-wait on the clock, a
 * `while True` that never awaits, or a call to an exponentially recursive function.
 */
import { ownCalls } from '../../lang/python/call-graph/calls';
import { textOf, toRelated } from '../../lang/python/call-graph/reach';
import type { PyRuleContext } from '../../lang/python/rule-context';
import { child, type PyNode } from '../../lang/python/syntax';

const ADVICE = 'Move it off the loop with await loop.run_in_executor(process_pool, ...) (a ProcessPoolExecutor, since threads share the GIL), or split it into chunks that await asyncio.sleep(0).';

export function checkCpuBoundOnEventLoopPython(ctx: PyRuleContext): void {
  const { module, graph } = ctx;
  for (const fn of module.functions) {
    if (!fn.isAsync || ctx.token.isCancellationRequested) continue;
    const own = graph.heavyWorkIn(fn);
    if (own) {
      const { start, end } = headerRange(module.text, own.node);
      ctx.report({ start, end, message: `CPU-heavy work on the event loop in 'async def ${fn.name}': ${own.what}. No other task runs until it finishes. ${ADVICE}`, detail: own.detail });
    }
    for (const call of ownCalls(fn)) {
      if (call.parent?.type === 'await') continue;
      const target = graph.calledPlainFunction(call, module);
      if (!target || !graph.runsAt(target, call, module)) continue;
      const reach = graph.heavyReach(target);
      if (!reach) continue;
      ctx.report({
        start: call.start,
        end: call.end,
        message: `'${textOf(module, child(call, 'function'))}()' does CPU-heavy work (${reach.what}) on the event loop in 'async def ${fn.name}': no other task runs until it returns. ${ADVICE}`,
        related: toRelated(reach.steps),
      });
    }
  }
}

/** A compound statement's header: from its start to the end of its first line. */
export function headerRange(text: string, node: PyNode): { start: number; end: number } {
  let end = text.indexOf('\n', node.start);
  if (end === -1 || end > node.end) end = node.end;
  while (end > node.start && /\s/.test(text[end - 1])) end--;
  return { start: node.start, end };
}
