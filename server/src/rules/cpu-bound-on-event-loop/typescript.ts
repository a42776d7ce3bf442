/** cpu-bound-on-event-loop: the TypeScript reading (the rule's header and meta are in index.ts). */
import { ts } from '../../lang/ts/compiler';
import { enclosingFunction, functionName, isFunctionLike, walk, type FunctionLike } from '../../lang/ts/ast';
import { StartupFunctions, classifyFunction, isWorkerThreadModule, type ContextKind } from '../../lang/ts/event-loop-context';
import { heavyWorkIndexOf, type HeavyWorkIndex } from '../../lang/ts/heavy-work';
import { exponentialSelfCalls } from '../../lang/ts/heavy-work/recursion';
import type { HeavyWork } from '../../lang/ts/heavy-work/work';
import { isSynchronous } from '../../lang/ts/project-index';
import type { TsRuleContext } from '../../lang/ts/rule-context';
import type { RelatedLocation } from '../../core/finding';

const WORKER_ADVICE = 'Move it to a worker thread (worker_threads, or a pool such as piscina), or split it into chunks that yield with await setImmediate() from node:timers/promises.';
const UI_ADVICE = 'Split it into chunks that yield between them, or do less of it per event.';
const LOWER_SEVERITY_KINDS: ReadonlySet<ContextKind> = new Set(['timer', 'emitter']);
/** How many sync callers up from a heavy helper the search for event-loop callers goes. */
const CALLER_DEPTH = 3;
/** Entry points listed in related information before "and N more". */
const LISTED_ENTRIES = 3;

interface Entry {
  call: ts.Node;
  kind: ContextKind;
  where: string;
}

export function checkTypeScript(ctx: TsRuleContext): void {
  const { sourceFile, index } = ctx;
  // A worker thread's own module is where CPU-heavy work belongs.
  if (isWorkerThreadModule(index.checker, sourceFile, index.program)) return;
  const startup = new StartupFunctions(sourceFile, index.checker);
  const heavy = heavyWorkIndexOf(index);
  walk(sourceFile, (node) => {
    if (ctx.token.isCancellationRequested) return false;
    if (isFunctionLike(node)) {
      const role = classifyFunction(index.checker, index.program, node);
      if (role.role === 'context') {
        if (!(role.kind === 'async' && startup.isStartupOnly(node))) checkContext(ctx, heavy, node, role.kind, role.description);
      } else if (isSynchronous(node)) {
        checkHelper(ctx, heavy, node);
      }
    }
    return true;
  });
}

/** Heavy work written in an event-loop function itself. */
function checkContext(ctx: TsRuleContext, heavy: HeavyWorkIndex, fn: FunctionLike, kind: ContextKind, where: string): void {
  const severity = LOWER_SEVERITY_KINDS.has(kind) ? ('info' as const) : undefined;
  for (const { work, repeats } of onePerPair(heavy.ownWork(fn))) {
    ctx.report({ start: work.start, end: work.end, severity, message: messageOf(work), detail: detailOf(ctx, work, fn, `It runs in ${where}; nothing else runs until it finishes.`), related: repeatsOf(ctx, repeats) });
  }
}

/**
 * A synchronous function whose own body is heavy, reported once, at the work,
 * when event-loop code calls it (directly or through other synchronous functions):
 * the callers go in related information. One root cause, one finding, however
 * many async functions reach it.
 */
function checkHelper(ctx: TsRuleContext, heavy: HeavyWorkIndex, fn: FunctionLike): void {
  const checker = ctx.index.checker;
  const works: HeavyWork[] = [...heavy.ownWork(fn)];
  const self = exponentialSelfCalls(checker, fn);
  if (self >= 2) {
    const named = (fn as { name?: ts.Node }).name ?? (ts.isVariableDeclaration(fn.parent) ? fn.parent.name : fn);
    works.unshift({ node: fn, start: named.getStart(), end: named.getEnd(), what: `${functionName(fn)}() calls itself ${self === 2 ? 'twice' : `${self} times`} per call, so its cost grows exponentially with its input` });
  }
  if (works.length === 0) return;
  const entries = eventLoopEntries(ctx, heavy, fn);
  if (entries.length === 0) return;
  const severity = entries.every((e) => LOWER_SEVERITY_KINDS.has(e.kind)) ? ('info' as const) : undefined;
  const related: RelatedLocation[] = entries.slice(0, LISTED_ENTRIES).map((e, i) => {
    const more = i === LISTED_ENTRIES - 1 && entries.length > LISTED_ENTRIES ? ` (and ${entries.length - LISTED_ENTRIES} more)` : '';
    return { file: e.call.getSourceFile().fileName, start: e.call.getStart(), end: e.call.getEnd(), message: `called on the event loop in ${e.where}${more}` };
  });
  const name = functionName(fn);
  const reach = entries.length === 1 ? `'${name}' is called in ${entries[0].where}` : `'${name}' is called from ${entries.length} event-loop functions`;
  for (const { work, repeats } of onePerPair(works)) {
    ctx.report({
      start: work.start,
      end: work.end,
      severity,
      message: messageOf(work),
      detail: detailOf(ctx, work, fn, `${reach}; nothing else runs until it returns.`),
      related: [...related, ...repeatsOf(ctx, repeats)],
    });
  }
}

/** Calls of `fn` that run on the event loop: in an event-loop function, or in a synchronous function such code calls. */
function eventLoopEntries(ctx: TsRuleContext, heavy: HeavyWorkIndex, fn: FunctionLike): Entry[] {
  const { checker, program } = ctx.index;
  const out: Entry[] = [];
  const seen = new Set<ts.Node>([fn]);
  const startups = new Map<ts.SourceFile, StartupFunctions>();
  const visit = (target: FunctionLike, depth: number, direct: boolean) => {
    for (const site of heavy.origins.callers.callersOf(target)) {
      // A call made only while the collection the nest walks is empty does no work.
      if (direct && ts.isCallExpression(site.call) && !heavy.callPathOf(site.call, target, CALLER_DEPTH)) continue;
      let caller = site.caller;
      // Inline callbacks (`xs.forEach(x => f(x))`) run inside the function around them.
      while (caller && classifyFunction(checker, program, caller).role === 'inline') caller = enclosingFunction(caller);
      if (!caller || seen.has(caller)) continue;
      const sf = caller.getSourceFile();
      if (isWorkerThreadModule(checker, sf, program)) continue;
      const role = classifyFunction(checker, program, caller);
      if (role.role === 'context') {
        let startup = startups.get(sf);
        if (!startup) startups.set(sf, (startup = new StartupFunctions(sf, checker)));
        if (role.kind === 'async' && startup.isStartupOnly(caller)) continue;
        seen.add(caller);
        out.push({ call: site.call, kind: role.kind, where: role.kind === 'async' ? `async '${functionName(caller)}'` : role.description });
      } else if (depth > 1 && isSynchronous(caller)) {
        seen.add(caller);
        visit(caller, depth - 1, false);
      }
    }
  };
  visit(fn, CALLER_DEPTH, true);
  return out;
}

/**
 * One finding per pair of collections in a function: `news.filter(n => !rows.some(…))`
 * and, below it, `for (const r of rows) news.find(…)` scan the same two collections
 * (sequelize's set(), has-many's mirrored filters), and indexing one of them in a Map
 * fixes both. The later scans go in the first one's related information.
 */
function onePerPair(works: readonly HeavyWork[]): Array<{ work: HeavyWork; repeats: HeavyWork[] }> {
  const out: Array<{ work: HeavyWork; repeats: HeavyWork[] }> = [];
  const byPair = new Map<string, { work: HeavyWork; repeats: HeavyWork[] }>();
  for (const work of works) {
    const key = work.collections ? JSON.stringify([...work.collections].sort()) : undefined;
    const first = key === undefined ? undefined : byPair.get(key);
    if (first) {
      first.repeats.push(work);
      continue;
    }
    const entry = { work, repeats: [] as HeavyWork[] };
    if (key !== undefined) byPair.set(key, entry);
    out.push(entry);
  }
  return out;
}

function repeatsOf(ctx: TsRuleContext, repeats: readonly HeavyWork[]): RelatedLocation[] {
  return repeats.map((w) => ({ file: ctx.sourceFile.fileName, start: w.start, end: w.end, message: `the same two collections are scanned here too: ${messageOf(w)}` }));
}

function messageOf(work: HeavyWork): string {
  if (work.collections) {
    const [a, b] = work.collections;
    return work.lookup ? `For each item of ${a} this scans ${b}: O(n·m) work on the event loop` : `Nested loops over ${a} and ${b}: O(n·m) work on the event loop`;
  }
  return `CPU-heavy work on the event loop: ${work.what}`;
}

function detailOf(ctx: TsRuleContext, work: HeavyWork, fn: FunctionLike, where: string): string {
  const parts = [work.detail, where].filter(Boolean);
  if (work.lookup && work.collections) {
    parts.push(`Index ${work.collections[1]} once in a Map (or Set) by the key it is compared on, then look each item of ${work.collections[0]} up: O(n + m). A worker thread would not help: the work is the scan.`);
  } else {
    parts.push(touchesUi(ctx, fn) ? UI_ADVICE : WORKER_ADVICE);
  }
  return parts.join(' ');
}

/** Whether a function uses DOM, React or other browser types, where a worker thread cannot reach what it touches. */
function touchesUi(ctx: TsRuleContext, fn: FunctionLike): boolean {
  const checker = ctx.index.checker;
  let ui = false;
  const visit = (n: ts.Node) => {
    if (ui) return;
    if (ts.isIdentifier(n)) {
      const decl = checker.getSymbolAtLocation(n)?.declarations?.[0];
      const file = decl?.getSourceFile().fileName ?? '';
      if (/\/lib\.dom(?:\.[\w]+)?\.d\.ts$|\/node_modules\/(?:@types\/)?(?:react|react-dom|preact|vue)\//.test(file)) ui = true;
      return;
    }
    n.forEachChild(visit);
  };
  visit(fn);
  return ui;
}
