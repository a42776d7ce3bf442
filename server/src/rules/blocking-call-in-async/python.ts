/**
 * blocking-call-in-async, the Python reading: a call inside `async def` that
 * blocks the thread (time.sleep, requests, subprocess, sockets, files, thread
 * locks and queues, sqlite3/psycopg2, Future.result), directly or through the
 * synchronous functions it calls, in any workspace file.
 */
import { chainDepthOf } from '../../core/rule-meta';
import type { Fix } from '../../core/finding';
import { ownCalls } from '../../lang/python/call-graph/calls';
import { textOf, toRelated } from '../../lang/python/call-graph/reach';
import type { PyRuleContext } from '../../lang/python/rule-context';
import { ensureAsyncioImport, importEdits, removeImportIfUnused } from '../../lang/python/fix-helpers';
import { blockingReachWithFlags, truthyAttributesAt } from '../../lang/python/flag-guard';
import { isGenerator } from '../../lang/python/generators';
import { isMemoisedCall, isOnErrorPath } from '../../lang/python/memo-guard';
import type { PyFunction } from '../../lang/python/model';
import { externalName } from '../../lang/python/resolve';
import { child, type PyNode } from '../../lang/python/syntax';

export function checkBlockingCallInAsyncPython(ctx: PyRuleContext): void {
  const { module, graph } = ctx;
  for (const fn of module.functions) {
    if (!fn.isAsync || ctx.token.isCancellationRequested) continue;
    for (const call of ownCalls(fn)) {
      if (call.parent?.type === 'await') continue;
      // Once per key or once per failure, not once per request.
      if (isOnErrorPath(call, fn) || isMemoisedCall(call, fn)) continue;
      const api = graph.blockingApi(call, module);
      if (api) {
        ctx.report({
          start: call.start,
          end: call.end,
          message: `'${api.label}' blocks the event loop in 'async def ${fn.name}'`,
          detail: `${api.why ? `${api.why} ` : ''}Every other task waits until it returns. Use ${api.alternative}.`,
          fixes: fixesFor(ctx, fn, call, externalName(graph.callee(call, module)) === 'time.sleep'),
        });
        continue;
      }
      const target = graph.calledPlainFunction(call, module);
      if (!target || !graph.runsAt(target, call, module)) continue;
      const depth = chainDepthOf(ctx.meta);
      let reach = graph.blockingReach(target, depth);
      if (!reach || graph.queueGetGuardedAt(call, target, reach, depth)) continue;
      const flags = truthyAttributesAt(graph, call, module, target);
      if (flags.size > 0) reach = blockingReachWithFlags(graph, target, flags, depth);
      // `server.listen(8080)`: the host this call passes down may be one no lookup is needed for.
      else if (graph.endsInNameLookup(reach)) reach = graph.blockingReach(target, depth, { fn: target, call, caller: { fn } });
      if (!reach) continue;
      const chain = reach.steps.map((s) => s.caller).join(' → ');
      // A generator's body runs as it is iterated here; moving the call alone to a thread would not help.
      const generator = isGenerator(target);
      ctx.report({
        start: call.start,
        end: call.end,
        message: `'${textOf(module, child(call, 'function'))}()' blocks the event loop in 'async def ${fn.name}'${generator ? ', where its generator is iterated' : ''}: it calls '${reach.what}'`,
        detail: `${chain} → ${reach.what}. ${reach.why ? `${reach.why} ` : ''}${reach.alternative ? `Use ${reach.alternative}.` : 'Run it with await asyncio.to_thread(...).'}`,
        related: toRelated(reach.steps),
        fixes: generator ? [] : fixesFor(ctx, fn, call, false),
      });
    }
  }
}

/** Parents under which `await x` needs no parentheses. */
const BARE_AWAIT_PARENTS = new Set(['expression_statement', 'assignment', 'return_statement', 'argument_list', 'keyword_argument', 'augmented_assignment', 'pair', 'list', 'tuple', 'expression_list']);

/** The module-level name a callee starts from: `time` of `time.sleep`, `sleep` of `sleep`. */
function importedName(callee: PyNode): string {
  let n: PyNode | undefined = callee;
  while (n && n.type === 'attribute') n = child(n, 'object');
  return !n ? '' : n.type === 'identifier' ? n.text ?? '' : '';
}

function fixesFor(ctx: PyRuleContext, fn: PyFunction, call: PyNode, isSleep: boolean): Fix[] {
  const { module } = ctx;
  const fixes: Fix[] = [];
  const fnNode = child(call, 'function');
  const args = child(call, 'arguments');
  if (!fnNode || !args || args.type !== 'argument_list') return fixes;
  const argText = module.text.slice(args.start + 1, args.end - 1).trim();
  const wrap = (s: string) => (call.parent && BARE_AWAIT_PARENTS.has(call.parent.type) ? s : `(${s})`);
  if (isSleep && call.parent?.type === 'expression_statement') {
    fixes.push({
      title: 'Replace with await asyncio.sleep(...)',
      edits: [{ start: call.start, end: call.end, newText: `await asyncio.sleep(${argText})` }, ...importEdits(ensureAsyncioImport(module), removeImportIfUnused(module, importedName(fnNode), call))],
      safe: true,
      preferred: true,
    });
  }
  const callable = textOf(module, fnNode);
  fixes.push({
    title: `Run '${callable}' in a thread with 'await asyncio.to_thread(...)'`,
    edits: [{ start: call.start, end: call.end, newText: wrap(`await asyncio.to_thread(${callable}${argText ? `, ${argText}` : ''})`) }, ...ensureAsyncioImport(module)],
    safe: false,
    preferred: !isSleep,
  });
  void fn;
  return fixes;
}
