/**
 * cpu-bound-on-event-loop, the Python reading: heavy CPU work inside `async def`
 * or reached from it: nested loops over input, a busy-wait on the clock, a
 * `while True` that never awaits, or a call to an exponentially recursive function.
 *
 * One root cause, one finding: work in a synchronous helper is reported once, at
 * the work in the helper (where the fix goes), with the async functions that reach
 * it, in any workspace file, as related information (as the TypeScript reading does).
 */
import { chainDepthOf } from '../../core/rule-meta';
import type { RelatedLocation } from '../../core/finding';
import { ownCalls } from '../../lang/python/call-graph/calls';
import type { PyChainStep } from '../../lang/python/call-graph/reach';
import type { PyFunction, PyModule } from '../../lang/python/model';
import type { PyRuleContext } from '../../lang/python/rule-context';
import { callerModules as modulesCalling } from '../../lang/python/caller-modules';
import { child, type PyNode } from '../../lang/python/syntax';

const ADVICE = 'Move it off the loop with await loop.run_in_executor(process_pool, ...) (a ProcessPoolExecutor, since threads share the GIL), or split it into chunks that await asyncio.sleep(0).';
const LOOKUP_ADVICE = 'A process pool would not help: the work is the scan.';
/** How many async entry points the related information names before "and N more". */
const LISTED_ENTRIES = 3;

function adviceFor(lookup: boolean | undefined): string {
  return lookup ? LOOKUP_ADVICE : ADVICE;
}

/** One async function reaching heavy work in a synchronous helper. */
interface Reaching {
  fn: PyFunction;
  call: PyNode;
  steps: PyChainStep[];
  what: string;
  detail?: string;
  lookup?: boolean;
}

export function checkCpuBoundOnEventLoopPython(ctx: PyRuleContext): void {
  const { module, graph } = ctx;
  for (const fn of module.functions) {
    if (!fn.isAsync || ctx.token.isCancellationRequested) continue;
    const own = graph.heavyWorkIn(fn);
    if (own) {
      const { start, end } = headerRange(module.text, own.node);
      ctx.report({
        start,
        end,
        message: `CPU-heavy work on the event loop in 'async def ${fn.name}': ${own.what}`,
        detail: [own.detail, 'No other task runs until it finishes.', adviceFor(own.lookup)].filter(Boolean).join(' '),
      });
    }
  }
  const groups = new Map<PyNode, Reaching[]>();
  const add = (r: Reaching) => {
    const last = r.steps[r.steps.length - 1];
    if (last.module !== module) return;
    const list = groups.get(last.node);
    if (list) list.push(r);
    else groups.set(last.node, [r]);
  };
  for (const r of reachingIn(ctx, module)) add(r);
  for (const other of callerModules(ctx)) {
    if (ctx.token.isCancellationRequested) return;
    for (const r of reachingIn(ctx, other)) add(r);
  }
  for (const [root, list] of groups) report(ctx, root, list);
}

/** Every call in an async function of `module` to a synchronous helper that reaches heavy work. */
function reachingIn(ctx: PyRuleContext, module: PyModule): Reaching[] {
  const { graph } = ctx;
  const out: Reaching[] = [];
  for (const fn of module.functions) {
    if (!fn.isAsync || ctx.token.isCancellationRequested) continue;
    for (const call of ownCalls(fn)) {
      if (call.parent?.type === 'await') continue;
      const target = graph.calledPlainFunction(call, module);
      if (!target || !graph.runsAt(target, call, module)) continue;
      const reach = graph.heavyReach(target, chainDepthOf(ctx.meta));
      if (reach && reach.steps.length > 0) out.push({ fn, call, steps: reach.steps, what: reach.what, detail: reach.detail, lookup: reach.lookup });
    }
  }
  return out;
}

/** Other modules that name a synchronous function of this module that reaches heavy work here (two levels of callers). */
function callerModules(ctx: PyRuleContext): PyModule[] {
  const { module, graph } = ctx;
  const heavyHere = (fn: PyFunction) => {
    if (fn.isAsync || !graph.runsInline(fn)) return false;
    const reach = graph.heavyReach(fn, chainDepthOf(ctx.meta));
    return !!reach && reach.steps[reach.steps.length - 1]?.module === module;
  };
  return modulesCalling(module, ctx.workspace, heavyHere, (name) => ctx.scan.filesMentioning([name], module.file));
}

function report(ctx: PyRuleContext, root: PyNode, list: Reaching[]): void {
  const { module } = ctx;
  const ordered = [...list].sort((a, b) => a.steps.length - b.steps.length || a.fn.name.localeCompare(b.fn.name));
  const entries = ordered.filter((r, i) => ordered.findIndex((o) => o.fn === r.fn) === i);
  const first = entries[0];
  const holder = first.steps[first.steps.length - 1].caller;
  const chainOf = (r: Reaching) => [r.fn.name, ...r.steps.map((s) => s.caller)].join(' → ');
  const reach = entries.length === 1
    ? `'${holder}' is called in 'async def ${first.fn.name}' (${chainOf(first)})`
    : `'${holder}' is called from ${entries.length} async functions`;
  const related: RelatedLocation[] = entries.slice(0, LISTED_ENTRIES).map((r, i) => {
    const more = i === LISTED_ENTRIES - 1 && entries.length > LISTED_ENTRIES ? ` (and ${entries.length - LISTED_ENTRIES} more)` : '';
    return { file: r.fn.module.file, start: r.call.start, end: r.call.end, message: `called on the event loop in 'async def ${r.fn.name}': ${chainOf(r)}${more}` };
  });
  const range = rootRange(module, root);
  ctx.report({
    start: range.start,
    end: range.end,
    message: `CPU-heavy work on the event loop in '${holder}': ${first.what}`,
    detail: [first.detail, `${reach}; no other task runs until it returns.`, adviceFor(first.lookup)].filter(Boolean).join(' '),
    related,
  });
}

/** Where a heavy root is shown: a loop's header, a function's name (exponential recursion), or the call (a regex). */
function rootRange(module: PyModule, root: PyNode): { start: number; end: number } {
  if (root.type === 'function_definition') {
    const name = child(root, 'name');
    if (name) return { start: name.start, end: name.end };
  }
  if (root.type === 'call') return { start: root.start, end: root.end };
  return headerRange(module.text, root);
}

/** A compound statement's header: from its start to the end of its first line. */
export function headerRange(text: string, node: PyNode): { start: number; end: number } {
  let end = text.indexOf('\n', node.start);
  if (end === -1 || end > node.end) end = node.end;
  while (end > node.start && /\s/.test(text[end - 1])) end--;
  return { start: node.start, end };
}

