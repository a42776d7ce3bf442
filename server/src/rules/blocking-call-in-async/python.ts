/**
 * blocking-call-in-async, the Python reading: a call inside `async def` that
 * blocks the thread (time.sleep, requests, subprocess, sockets, files, thread
 * locks and queues, sqlite3/psycopg2, Future.result), directly or through the
 * synchronous functions it calls, in any workspace file.
 */
import { chainDepthOf } from '../../core/rule-meta';
import type { Fix } from '../../core/finding';
import { combineSiteFixes } from '../../core/fix-merge';
import { ownCalls } from '../../lang/python/call-graph/calls';
import type { PyChainStep as ChainStep } from '../../lang/python/call-graph/reach';
import type { PyRuleContext } from '../../lang/python/rule-context';
import { ensureAsyncioImport, importEdits, removeImportIfUnused } from '../../lang/python/fix-helpers';
import { blockingReachWithFlags, truthyAttributesAt } from '../../lang/python/flag-guard';
import { isGenerator } from '../../lang/python/generators';
import { isMemoisedCall, isOnErrorPath } from '../../lang/python/memo-guard';
import { isOneShotCall, isTeardownFunction, isTestSupportModule } from '../../lang/python/one-shot';
import { callerModules as modulesCalling } from '../../lang/python/caller-modules';
import type { PyFunction, PyModule } from '../../lang/python/model';
import { externalName } from '../../lang/python/resolve';
import { child, isInside, type PyNode, walkAll } from '../../lang/python/syntax';
import type { RelatedLocation } from '../../core/finding';
import { textOf } from '../../lang/python/call-graph/reach';
import { isLoopManagedSocket, isNonBlockingAttempt } from './non-blocking';
import { isOpenForOffLoopReader, isOpenHandedOn } from './offloaded-file';
import { isPacedMetadataPoll } from './polling';
import { offloadedInSameFunction } from '../../lang/python/call-context';
import { hotPathEvidence } from '../../lang/python/hot-path';

/** How many entry points the related information names before "and N more". */
const LISTED_ENTRIES = 3;

/** One async function reaching a blocking call, and where. */
interface Reaching {
  fn: PyFunction;
  /** The call in `fn` that blocks or leads to the blocking call. */
  call: PyNode;
  /** The blocking call itself: the root cause. */
  root: PyNode;
  rootModule: PyModule;
  /** What blocks, and the chain from `fn` down to it (empty when `call` is the root). */
  what: string;
  alternative: string | undefined;
  /** Why it blocks (from the API table), for the detail. */
  why?: string;
  steps: ChainStep[];
  generator: boolean;
  isSleep: boolean;
  /** Local file-system work (BlockingApi.bounded): reported only with hot-path evidence. */
  bounded?: boolean;
  /** Why `fn` is on a hot path, in words (hot-path.ts), for bounded work. */
  evidence?: string;
}

/**
 * One finding per root cause: the blocking calls of one function (the owner: the
 * sync helper or the async function whose own code holds them) that the same
 * async functions reach are reported once, in their own module (where the fix
 * goes), at the first of them, with the other calls and the async functions that
 * reach them, in any workspace file, as related information. A module that only
 * holds the async callers shows nothing for a blocking call elsewhere: that
 * module's finding names them.
 */
export function checkBlockingCallInAsyncPython(ctx: PyRuleContext): void {
  const { module } = ctx;
  const groups = new Map<PyNode, Reaching[]>();
  const add = (r: Reaching) => {
    if (r.rootModule !== module) return;
    const list = groups.get(r.root);
    if (list) list.push(r);
    else groups.set(r.root, [r]);
  };
  for (const r of reachingIn(ctx, module)) add(r);
  if (ctx.token.isCancellationRequested) return;
  for (const other of callerModules(ctx)) {
    if (ctx.token.isCancellationRequested) return;
    for (const r of reachingIn(ctx, other)) add(r);
  }
  // Roots of one owner reached by the same async functions: one finding.
  const byOwner = new Map<string, { root: PyNode; list: Reaching[] }[]>();
  for (const [root, list] of groups) {
    const owner = ownerOf(module, root, list);
    const entries = [...new Set(list.map((r) => r.fn))].map((f) => `${f.module.file}:${f.node.start}`).sort().join(',');
    // A call the user silenced stays its own finding, which the comment suppresses: not counted or fixed with the others.
    const key = `${owner}|${entries}${ctx.isSuppressed(root.start) ? `|silenced ${root.start}` : ''}`;
    const roots = byOwner.get(key);
    if (roots) roots.push({ root, list });
    else byOwner.set(key, [{ root, list }]);
  }
  for (const roots of byOwner.values()) {
    roots.sort((a, b) => a.root.start - b.root.start);
    report(ctx, roots);
  }
}

/** The function whose own code holds `root` (innermost), as a key. */
function ownerOf(module: PyModule, root: PyNode, list: Reaching[]): string {
  const direct = list.find((r) => r.steps.length === 0);
  if (direct) return `${direct.fn.module.file}:${direct.fn.node.start}`;
  let owner: PyFunction | undefined;
  for (const f of module.functions) {
    if (isInside(root, f.node) && (!owner || f.node.end - f.node.start < owner.node.end - owner.node.start)) owner = f;
  }
  return owner ? `${module.file}:${owner.node.start}` : `${module.file}:root:${root.start}`;
}

/** Every async function of `module` that reaches a blocking call, the way the rule always decided it. */
function reachingIn(ctx: PyRuleContext, module: PyModule): Reaching[] {
  const out: Reaching[] = [];
  for (const fn of module.functions) {
    if (!fn.isAsync || ctx.token.isCancellationRequested) continue;
    out.push(...reachingFrom(ctx, fn));
  }
  // An open() whose file only workspace functions read, where those reads are reported, is that root cause again.
  return out.filter((r) => !(r.steps.length === 0 && isOpenHandedOn(r.root, r.rootModule, ctx.resolver, (call) => readsFileObjects(ctx, call, r.rootModule))));
}

const reachMemo = new WeakMap<PyRuleContext, Map<PyFunction, Reaching[]>>();

/** What async `fn` reaches that the rule reports (memoised for one run of the rule). */
function reachingFrom(ctx: PyRuleContext, fn: PyFunction): Reaching[] {
  let memo = reachMemo.get(ctx);
  if (!memo) reachMemo.set(ctx, (memo = new Map()));
  let list = memo.get(fn);
  if (!list) {
    memo.set(fn, []); // a cycle of async functions handing the file on reports nothing more
    memo.set(fn, (list = computeReachingFrom(ctx, fn)));
  }
  return list;
}

/**
 * A call that hands a file object to a workspace function which the rule reports
 * reading or writing a file object on the loop (a sync helper's chain, or an async
 * function's own finding): the finding there is this file's I/O.
 */
function readsFileObjects(ctx: PyRuleContext, call: PyNode, module: PyModule): boolean {
  const target = ctx.graph.calledPlainFunction(call, module);
  if (!target || target.isLambda) return false;
  const isFileObject = (root: PyNode, rootModule: PyModule) => !!ctx.graph.blockingApi(root, rootModule)?.openedHereIsRoot;
  if (target.isAsync) return reachingFrom(ctx, target).some((r) => isFileObject(r.root, r.rootModule));
  const reach = ctx.graph.blockingReach(target, chainDepthOf(ctx.meta));
  const last = reach?.steps[reach.steps.length - 1];
  return !!last && isFileObject(last.node, last.module);
}

function computeReachingFrom(ctx: PyRuleContext, fn: PyFunction): Reaching[] {
  const { graph } = ctx;
  const module = fn.module;
  const out: Reaching[] = [];
  const facts = { resolver: ctx.resolver, workspace: ctx.workspace, scan: ctx.scan };
  // Test support (pytest's conventions, or imported only by tests) is not the product's request path.
  if (isTestSupportModule(module, facts)) return out;
  if (isOneShot(ctx, fn)) return out;
  for (const call of ownCalls(fn)) {
    if (call.parent?.type === 'await') continue;
    // Once per key or once per failure, not once per request.
    if (isOnErrorPath(call, fn) || isMemoisedCall(call, fn)) continue;
    const api = graph.blockingApi(call, module);
    if (api) {
      out.push({ fn, call, root: call, rootModule: module, what: api.label, alternative: api.alternative, why: api.why, steps: [], generator: false, isSleep: externalName(graph.callee(call, module)) === 'time.sleep', bounded: api.bounded });
      continue;
    }
    // `func(data)` for small data, `await offload(func, data)` otherwise: inline by the author's choice.
    if (offloadedInSameFunction(call, module, ctx.resolver)) continue;
    // Each function the call may run (several when the receiver may be one of several classes).
    for (const target of graph.calledPlainFunctions(call, module)) {
      if (!graph.runsAt(target, call, module)) continue;
      const depth = chainDepthOf(ctx.meta);
      let reach = graph.blockingReach(target, depth);
      if (!reach || graph.queueGetGuardedAt(call, target, reach, depth)) continue;
      const flags = truthyAttributesAt(graph, call, module, target);
      if (flags.size > 0) reach = blockingReachWithFlags(graph, target, flags, depth);
      // `server.listen(8080)`: the host this call passes down may be one no lookup is needed for.
      else if (graph.endsInNameLookup(reach)) reach = graph.blockingReach(target, depth, { fn: target, call, caller: { fn } });
      if (!reach) continue;
      let last = reach.steps[reach.steps.length - 1];
      let bounded = !!graph.blockingApi(last.node, last.module)?.bounded;
      if (bounded && flags.size === 0) {
        // Local file work first, something unbounded later: the unbounded call is the finding.
        const unbounded = graph.blockingReach(target, depth, undefined, true);
        if (unbounded && !graph.queueGetGuardedAt(call, target, unbounded, depth)) {
          reach = unbounded;
          last = reach.steps[reach.steps.length - 1];
          bounded = false;
        }
      }
      out.push({ fn, call, root: last.node, rootModule: last.module, what: reach.what, alternative: reach.alternative, why: reach.why, steps: reach.steps, generator: isGenerator(target), isSleep: false, bounded });
    }
  }
  // Once per server or per run: start-up, shutdown, a loop's main coroutine (one-shot.ts).
  // A call in `try: … except BlockingIOError:` is made in non-blocking mode (non-blocking.ts).
  // A stat once per round of a loop that sleeps between rounds is a timer (polling.ts).
  // An open() whose file only an off-loop reader reads leaves no data I/O here (offloaded-file.ts).
  // Every finding needs evidence that the async function runs beside other tasks on a hot path (hot-path.ts):
  // a handler, a loop over data, a launch as a concurrent task, an API only outside code runs. A one-shot
  // command, start-up, restart or shutdown step that nothing else runs beside is left alone, whatever it
  // waits for. Local file-system work is bounded and usually small, and teardown runs once per object
  // (one-shot.ts): both need repetition (a handler or a loop over data), not only concurrency.
  return out.filter((r) => !isOneShotCall(r.call, r.fn, facts) && !isNonBlockingAttempt(r.root, r.rootModule, ctx.resolver) && !isLoopManagedSocket(r.root, r.rootModule, ctx.resolver) &&
    !isPacedMetadataPoll(r.fn, r.call, r.root, r.rootModule, r.steps, ctx.resolver) && !isOpenForOffLoopReader(r.root, r.rootModule, ctx.resolver) &&
    !!(r.evidence = hotPathEvidence(r.fn, r.call, r.steps, facts, !!r.bounded || isTeardownFunction(r.fn, facts))));
}

const mentionCache = new WeakMap<object, { generation: number; files: Map<string, string[]> }>();

/** Workspace files that mention `name`, kept for one workspace generation. */
function filesMentioning(ctx: PyRuleContext, name: string): string[] {
  let cache = mentionCache.get(ctx.workspace);
  if (!cache || cache.generation !== ctx.workspace.generation) mentionCache.set(ctx.workspace, (cache = { generation: ctx.workspace.generation, files: new Map() }));
  let files = cache.files.get(name);
  if (!files) cache.files.set(name, (files = ctx.scan.filesMentioning([name], ctx.module.file)));
  return files;
}

/**
 * The other modules whose async functions may reach a blocking call of this
 * module: those that name one of its synchronous functions that block, or name a
 * synchronous function there that calls one (the chain is at most the rule's meta.chainDepth deep).
 */
function callerModules(ctx: PyRuleContext): PyModule[] {
  const { module, graph } = ctx;
  const blocksHere = (fn: PyFunction) => {
    if (fn.isAsync || !graph.runsInline(fn)) return false;
    const reach = graph.blockingReach(fn, chainDepthOf(ctx.meta));
    return !!reach && reach.steps[reach.steps.length - 1]?.module === module;
  };
  return modulesCalling(module, ctx.workspace, blocksHere, (name) => filesMentioning(ctx, name));
}

/**
 * An async function that only a script's own run starts: every use of its name in
 * its module is inside `if __name__ == "__main__":` (or at the top level of a
 * `__main__.py`), and no other workspace file names it.
 */
function isOneShot(ctx: PyRuleContext, fn: PyFunction): boolean {
  if (fn.cls || fn.parent) return false;
  const module = fn.module;
  const isMainModule = /(?:^|[\\/])__main__\.py$/.test(module.file);
  let uses = 0;
  let outside = false;
  const pattern = new RegExp(`\\b${fn.name.replace(/[^\w]/g, '')}\\b`);
  if (!pattern.test(module.text)) return false;
  walkAll(module.root, (n) => {
    if (outside) return false;
    if (n.type !== 'identifier' || n.text !== fn.name || n === child(fn.node, 'name')) return true;
    uses++;
    if (!(isMainModule ? atModuleLevel(n) : underMainGuard(n, module.text))) outside = true;
    return true;
  });
  if (outside || uses === 0) return false;
  // Another file that names both the function and this module may import it.
  const moduleWord = module.name.split('.').pop() ?? module.name;
  return ctx.scan.filesMentioning([fn.name, moduleWord], module.file).every((f) => f === module.file);
}

function atModuleLevel(n: PyNode): boolean {
  for (let p = n.parent; p; p = p.parent) if (p.type === 'function_definition' || p.type === 'class_definition' || p.type === 'lambda') return false;
  return true;
}

function underMainGuard(n: PyNode, text: string): boolean {
  for (let p: PyNode | null = n; p; p = p.parent) {
    if (p.type === 'function_definition' || p.type === 'class_definition' || p.type === 'lambda') return false;
    if (p.type === 'if_statement' && p.parent?.type === 'module') {
      const cond = child(p, 'condition');
      const test = (cond ? text.slice(cond.start, cond.end) : '').replace(/\s+/g, '').replace(/'/g, '"');
      if (test === '__name__=="__main__"' || test === '"__main__"==__name__') return isInside(n, child(p, 'consequence') ?? p);
    }
  }
  return false;
}

/** How many other blocking calls of the same function the related information names before "and N more". */
const LISTED_CALLS = 3;

function report(ctx: PyRuleContext, roots: { root: PyNode; list: Reaching[] }[]): void {
  const { module } = ctx;
  const { root, list } = roots[0];
  const others = roots.slice(1);
  // The shortest chain first: the direct caller is the one a reader fixes first.
  const order = (l: Reaching[]) => [...l].sort((a, b) => a.steps.length - b.steps.length || a.fn.name.localeCompare(b.fn.name));
  const ordered = order(list);
  const entries = ordered.filter((r, i) => ordered.findIndex((o) => o.fn === r.fn) === i);
  const first = entries[0];
  const direct = first.steps.length === 0;
  const more = entries.length > 1 ? ` and ${entries.length - 1} more` : '';
  const holder = direct ? undefined : first.steps[first.steps.length - 1].caller;
  const what = others.length === 0 ? `'${first.what}'` : `'${first.what}' and ${others.length} more blocking call${others.length === 1 ? '' : 's'}`;
  const blocks = others.length === 0 ? 'blocks' : 'block';
  const it = others.length === 0 ? 'it' : 'them';
  const message = direct
    ? `${what} ${blocks} the event loop in 'async def ${first.fn.name}'`
    : `${what} in sync '${holder}' ${blocks} the event loop: 'async def ${first.fn.name}'${more} reach${entries.length > 1 ? '' : 'es'} ${it}`;
  const firstOf = roots.map((r) => order(r.list)[0]);
  const distinct = firstOf.filter((r, i) => firstOf.findIndex((o) => o.what === r.what) === i);
  const useOne = (r: Reaching) => plain(r.alternative ? `Use ${r.alternative}` : 'Run it with await asyncio.to_thread(...)');
  const use = others.length === 0 ? useOne(first)
    : `Use ${distinct.map((r) => `${plain(r.alternative ?? 'await asyncio.to_thread(...)')} for ${plain(r.what)}`).join('; ')}`;
  const chainOf = (r: Reaching) => [r.fn.name, ...r.steps.map((s) => s.caller)].join(' → ');
  const hot = entries.find((r) => r.evidence);
  const why = (first.why ? `${plain(first.why)} ` : '') + (hot ? `It is on a hot path: ${plain(hot.evidence!)}. ` : '');
  const detail = why + (direct
    ? `Every other task waits until ${it === 'it' ? 'it returns' : 'each returns'}. ${use}.`
    : `Every other task waits until ${it === 'it' ? 'it returns' : 'each returns'}${first.generator ? ' (the generator runs where it is iterated)' : ''}. ${use} in '${holder}' and make the functions on the way async (${chainOf(first)} → ${plain(first.what)}), ` +
      `or run the call with await asyncio.to_thread(...). This is the one place to fix for ${entries.length === 1 ? 'the async function' : `all ${entries.length} async functions`} listed.`);
  const related: RelatedLocation[] = others.slice(0, LISTED_CALLS).map((o) => ({
    file: module.file, start: o.root.start, end: o.root.end, message: `'${plain(order(o.list)[0].what)}' blocks here too, in the same ${direct ? 'async function' : `'${holder}'`}`,
  }));
  if (others.length > LISTED_CALLS) related.push({ file: module.file, start: root.start, end: root.end, message: `and ${others.length - LISTED_CALLS} more blocking call${others.length - LISTED_CALLS === 1 ? '' : 's'} in the same function` });
  if (!direct) {
    related.push(...entries.slice(0, LISTED_ENTRIES).map((r) => ({
      file: r.fn.module.file, start: r.call.start, end: r.call.end, message: `'async def ${r.fn.name}' reaches ${it}: ${chainOf(r)} → ${plain(r.what)}`,
    })));
  }
  if (entries.length > LISTED_ENTRIES) related.push({ file: module.file, start: root.start, end: root.end, message: `and ${entries.length - LISTED_ENTRIES} more async function${entries.length - LISTED_ENTRIES === 1 ? '' : 's'}` });
  const lineOf = (n: PyNode) => module.text.slice(0, n.start).split('\n').length;
  ctx.report({
    start: root.start,
    end: root.end,
    message,
    detail,
    related,
    fixes: direct ? combineSiteFixes(roots.map((r, i) => ({ fixes: fixesFor(ctx, firstOf[i].fn, firstOf[i].call, firstOf[i].isSleep), line: lineOf(r.root) }))) : [],
  });
}

function plain(s: string): string {
  return s.replace(/`/g, '');
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
