/** blocking-call-in-async: the TypeScript reading (the rule's header and meta are in index.ts). */
import { chainDepthOf } from '../../core/rule-meta';
import { ts } from '../../lang/ts/compiler';
import { calleeName, enclosingFunction, functionName, skipOuterExpressions, type FunctionLike } from '../../lang/ts/ast';
import type { BlockingCallers, BlockingEntry } from '../../lang/ts/blocking-callers';
import { callsIn } from '../../lang/ts/call-name-index';
import { classifyRegistration, isWorkerThreadModule, type ContextKind } from '../../lang/ts/event-loop-context';
import { planImport, retireImport } from '../../lang/ts/imports';
import { isMemoisedCall, isOnErrorPath } from '../../lang/ts/memo-guard';
import { isCreateIfMissing } from '../../lang/ts/create-guard';
import { isKernelPseudoFileCall } from './kernel-files';
import type { BlockingApi } from '../../lang/ts/blocking-apis';
import type { Fix } from '../../core/finding';
import { combineSiteFixes } from '../../core/fix-merge';
import type { TsRuleContext } from '../../lang/ts/rule-context';
import { isInTestBody } from './test-bodies';
import type { HotEvidence, HotPaths } from '../../lang/ts/hot-path';

const LOWER_SEVERITY_KINDS: ReadonlySet<ContextKind> = new Set(['timer', 'emitter']);
/** How many entry points the related information names before "and N more". */
const LISTED_ENTRIES = 3;

/** How many other blocking calls of the same function the related information names before "and N more". */
const LISTED_CALLS = 3;

/** A blocking call an entry point reaches. */
interface BlockingSite {
  call: ts.CallExpression | ts.NewExpression;
  api: BlockingApi;
}

/**
 * One finding per root cause: the blocking calls of one function (the owner: the
 * sync helper or the async function whose own code holds them) are reported once,
 * at the first of them in source order (where the fix goes), when an event-loop
 * entry point reaches the owner, directly or through synchronous functions in any
 * file; the other calls and the entry points are its related information. A file
 * that only holds the entry points shows nothing for a blocking call in another
 * file: that file's finding names them.
 */
export function checkTypeScript(ctx: TsRuleContext): void {
  const { sourceFile, index } = ctx;
  // A worker thread's own module is where blocking work belongs.
  if (isWorkerThreadModule(index.checker, sourceFile, index.program)) return;
  let callers: BlockingCallers | undefined;
  const seen = new Set<ts.Node>();
  // Per owner: the entry points that reach it (computed once) and its blocking calls.
  const groups = new Map<FunctionLike, { entries: BlockingEntry[]; sites: BlockingSite[] }>();
  for (const [name, sites] of callsIn(sourceFile).byName) {
    for (const { call } of sites) {
      if (ctx.token.isCancellationRequested) return;
      if (seen.has(call)) continue;
      const api = index.blockingApiOf(call, name);
      if (!api) continue;
      seen.add(call);
      callers ??= index.blockingCallers();
      const owner = callers.ownerOf(call);
      // Module level runs once, when the module loads.
      if (!owner) continue;
      // Once per key, once per missing resource or once per failure, not once per request.
      if (isOnErrorPath(call, owner) || isMemoisedCall(index.checker, call, owner) || isCreateIfMissing(index.checker, index.program, call, owner)) continue;
      // /proc and /sys are the kernel's in-memory files: reading them waits for no disk.
      if (api.cost === 'local' && isKernelPseudoFileCall(index.checker, call, api)) continue;
      let group = groups.get(owner);
      if (!group) {
        // A test runner's callbacks run once per test run, not per request (test-bodies.ts).
        const entries = callers.entriesReaching(owner, chainDepthOf(ctx.meta)).filter((e) => !isInTestBody(index.checker, e.fn));
        groups.set(owner, (group = { entries, sites: [] }));
      }
      if (group.entries.length === 0) continue;
      group.sites.push({ call, api });
    }
  }
  let hot: HotPaths | undefined;
  for (const [owner, { entries, sites: all }] of groups) {
    if (all.length === 0) continue;
    // A local file-system call is bounded and usually small: only on a hot path (hot-path.ts).
    const local = all.filter((s) => s.api.cost === 'local');
    let evidence: HotEvidence | undefined;
    if (local.length > 0) {
      hot ??= index.hotPaths();
      evidence = hot.evidenceFor(owner, local.map((s) => s.call), entries);
    }
    const sites = evidence ? all : all.filter((s) => s.api.cost !== 'local');
    if (sites.length === 0) continue;
    sites.sort((a, b) => a.call.getStart() - b.call.getStart());
    // A call the user silenced stays its own finding, which the comment suppresses:
    // it is not counted, fixed or listed in the finding for the others.
    const silenced = sites.filter((s) => ctx.isSuppressed(s.call.getStart()));
    for (const s of silenced) report(ctx, [s], owner, entries, evidence);
    const open = sites.filter((s) => !silenced.includes(s));
    if (open.length > 0) report(ctx, open, owner, entries, evidence);
  }
}

function report(ctx: TsRuleContext, sites: BlockingSite[], owner: FunctionLike, entries: BlockingEntry[], evidence: HotEvidence | undefined): void {
  const { call, api } = sites[0];
  const label = apiLabel(api);
  const others = sites.slice(1);
  const ordered = [...entries].sort((a, b) => rank(a.kind) - rank(b.kind) || a.chain.length - b.chain.length);
  const first = ordered[0];
  const direct = first.fn === owner;
  // A socket's message listener is a handler: evidence of a handler keeps the warning.
  const severity = !evidence?.handler && ordered.every((e) => LOWER_SEVERITY_KINDS.has(e.kind)) ? ('info' as const) : undefined;
  const more = ordered.length > 1 ? ` and ${ordered.length - 1} more` : '';
  const what = others.length === 0 ? `'${label}'` : `'${label}' and ${others.length} more blocking call${others.length === 1 ? '' : 's'}`;
  const blocks = others.length === 0 ? 'blocks' : 'block';
  const it = others.length === 0 ? 'it' : 'them';
  const message = direct
    ? `${what} ${blocks} the event loop in ${entryLabel(first, ctx.index)}${more ? `,${more} reach ${it} too` : ''}`
    : `${what} in sync '${functionName(owner)}' ${blocks} the event loop: ${entryLabel(first, ctx.index)}${more} reach${more ? '' : 'es'} ${it}`;
  const chain = (e: BlockingEntry) => [...e.chain.map((s) => s.caller), functionName(owner)].join(' → ');
  const labels = [...new Set(sites.map((s) => apiLabel(s.api)))];
  const running = others.length === 0 ? `${label} runs` : `each of these ${sites.length} calls runs (${labels.join(', ')})`;
  const use = others.length === 0
    ? `Use ${api.alternative}`
    : `Use ${sites.filter((s, i) => sites.findIndex((o) => apiLabel(o.api) === apiLabel(s.api)) === i).map((s) => `${s.api.alternative} for ${apiLabel(s.api)}`).join(', ')}`;
  // "It runs in a request handler", when the sentence before says the handler holds everything up, names it twice.
  // The message may name the handler itself where the entry's description does not (`createServer(async (req, res) => …)`).
  const restated = evidence && (evidence.restates === first ||
    (first.chain.length === 0 && evidence.handler && evidence.text.startsWith(`it runs in ${entryLabel(first, ctx.index)} at `)));
  const hotPath = evidence && !restated ? `It is on a hot path: ${evidence.text}. ` : '';
  const detail = `While ${running}, ${first.description} holds up every other request, timer and callback. ${hotPath}` +
    (direct && ordered.length === 1
      ? `${use} instead.`
      : `${use} in '${functionName(owner)}' and make the functions on the way async (${chain(first)}), or move the work off the event loop. ` +
        `This is the one place to fix for ${ordered.length === 1 ? 'the entry point' : ordered.length === 2 ? 'both entry points' : `all ${ordered.length} entry points`} listed.`);
  const related = others.slice(0, LISTED_CALLS).map((s) => ({
    file: ctx.sourceFile.fileName, start: s.call.getStart(), end: s.call.getEnd(), message: `'${apiLabel(s.api)}' blocks here too, in the same ${direct ? 'async function' : `'${functionName(owner)}'`}`,
  }));
  if (others.length > LISTED_CALLS) {
    related.push({ file: ctx.sourceFile.fileName, start: call.getStart(), end: call.getEnd(), message: `and ${others.length - LISTED_CALLS} more blocking call${others.length - LISTED_CALLS === 1 ? '' : 's'} in the same function` });
  }
  if (!(direct && ordered.length === 1)) {
    related.push(...ordered.slice(0, LISTED_ENTRIES).map((e) => {
      const at = e.chain[0] ?? { file: e.fn.getSourceFile().fileName, start: nameStart(e.fn), end: nameStart(e.fn) + functionName(e.fn).replace(/^.*\./, '').length };
      return { file: at.file, start: at.start, end: at.end, message: `${capitalise(entryLabel(e, ctx.index))} reaches ${it}${e.chain.length > 0 ? `: ${chain(e)}` : ''}` };
    }));
  }
  if (ordered.length > LISTED_ENTRIES) {
    related.push({ file: ctx.sourceFile.fileName, start: call.getStart(), end: call.getEnd(), message: `and ${ordered.length - LISTED_ENTRIES} more entry point${ordered.length - LISTED_ENTRIES === 1 ? '' : 's'}` });
  }
  const fixable = direct && first.kind === 'async';
  const perCall = sites.map((s) => (fixable && enclosingFunction(s.call) === owner && ts.isCallExpression(s.call) && callsDirectly(ctx.index.checker, s.call) ? fixesFor(ctx, s.call, s.api) : []));
  ctx.report({
    start: call.getStart(),
    end: call.getEnd(),
    severity,
    message,
    detail,
    related,
    fixes: combineSiteFixes(perCall.map((fixes, i) => ({ fixes, line: ts.getLineAndCharacterOfPosition(ctx.sourceFile, sites[i].call.getStart()).line + 1 }))),
  });
}

/** Not through `.call`/`.apply`/`.bind`, which the quick fix's rewrite does not handle. */
function callsDirectly(checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  const callee = skipOuterExpressions(call.expression);
  if (ts.isCallExpression(callee)) return false;
  if (ts.isPropertyAccessExpression(callee) && (callee.name.text === 'call' || callee.name.text === 'apply')) return false;
  if (ts.isIdentifier(callee)) {
    const decl = checker.getSymbolAtLocation(callee)?.declarations?.[0];
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer && ts.isCallExpression(skipOuterExpressions(decl.initializer))) return false;
  }
  return true;
}

/** Request handlers and async functions first: they are what a reader fixes for. */
function rank(kind: ContextKind): number {
  return kind === 'handler' ? 0 : kind === 'async' ? 1 : kind === 'promise' ? 2 : 3;
}

function entryLabel(e: BlockingEntry, index: TsRuleContext['index']): string {
  const name = functionName(e.fn);
  if (name !== '(anonymous)') return e.kind === 'async' ? `async '${name}'` : `'${name}' (${e.description})`;
  if (e.kind !== 'async') return e.description;
  // `createServer(async (req, res) => …)`: the callback is named by what it is handed to.
  const parent = e.fn.parent;
  if (parent && (ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.some((a) => a === e.fn)) {
    const registration = classifyRegistration(index.checker, index.program, parent);
    if (registration) return registration.description;
    const callee = calleeName(parent);
    if (callee) return `the async callback of '${callee}()'`;
  }
  return 'an async function';
}

function nameStart(fn: FunctionLike): number {
  const name = (fn as { name?: ts.Node }).name ?? (ts.isVariableDeclaration(fn.parent) || ts.isPropertyAssignment(fn.parent) || ts.isPropertyDeclaration(fn.parent) ? fn.parent.name : undefined);
  return (name ?? fn).getStart();
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function apiLabel(api: BlockingApi): string {
  return api.module === 'Atomics' ? 'Atomics.wait' : `${api.module}.${api.name}`;
}

/** Whether `await x` must be parenthesised where the call stands. */
function needsParens(call: ts.CallExpression): boolean {
  const parent = call.parent;
  return (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === call ||
    ts.isCallExpression(parent) && parent.expression === call ||
    ts.isTaggedTemplateExpression(parent);
}

function fixesFor(ctx: TsRuleContext, call: ts.CallExpression, api: BlockingApi): Fix[] {
  if (!api.fix) return [];
  const sourceFile = ctx.sourceFile;
  const args = call.arguments.map((a) => a.getText(sourceFile)).join(', ');
  const callee = skipOuterExpressions(call.expression);
  const edits = [];
  let replacement: string;
  let label: string;
  if (api.fix.kind === 'fs-promises') {
    let fnExpr: string;
    if (ts.isPropertyAccessExpression(callee)) {
      fnExpr = `${callee.expression.getText(sourceFile)}.promises.${api.fix.name}`;
    } else {
      const plan = planImport(sourceFile, 'fs/promises', api.fix.name);
      fnExpr = plan.expression;
      edits.push(...plan.edits);
      // `import { readFileSync } from 'fs'` with no other use goes too.
      if (ts.isIdentifier(callee)) edits.push(...retireImport(sourceFile, ctx.index.program.getTypeChecker(), callee, call).edits);
    }
    replacement = `await ${fnExpr}(${args})`;
    label = `await ${fnExpr}(…)`;
  } else {
    let fnExpr: string;
    if (ts.isPropertyAccessExpression(callee)) {
      fnExpr = `${callee.expression.getText(sourceFile)}.${api.fix.name}`;
    } else {
      // `execSync` → `exec` from the same module: rename the import when nothing else uses execSync.
      const retired = ts.isIdentifier(callee) ? retireImport(sourceFile, ctx.index.program.getTypeChecker(), callee, call, api.fix.name) : { edits: [], renamed: false };
      if (retired.renamed) {
        fnExpr = api.fix.name;
        edits.push(...retired.edits);
      } else {
        const plan = planImport(sourceFile, api.module, api.fix.name);
        fnExpr = plan.expression;
        edits.push(...plan.edits);
      }
    }
    const promisify = planImport(sourceFile, 'util', 'promisify');
    edits.push(...promisify.edits);
    replacement = `await ${promisify.expression}(${fnExpr})(${args})`;
    label = `await ${promisify.expression}(${fnExpr})(…)`;
    if (api.fix.property) replacement = `(${replacement}).${api.fix.property}`;
  }
  if (needsParens(call) && !replacement.startsWith('(')) replacement = `(${replacement})`;
  edits.push({ start: call.getStart(sourceFile), end: call.getEnd(), newText: replacement });
  return [{ title: `Replace ${apiLabel(api)} with ${label}`, edits, safe: true, preferred: true }];
}
