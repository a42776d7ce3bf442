/** blocking-call-in-async: the TypeScript reading (the rule's header and meta are in index.ts). */
import { chainDepthOf } from '../../core/rule-meta';
import { ts } from '../../lang/ts/compiler';
import { calleeName, isFunctionLike, skipOuterExpressions, walk, type FunctionLike } from '../../lang/ts/ast';
import { userFunctionOf } from '../../lang/ts/callee';
import { StartupFunctions, classifyFunction, isBinModule, classifyRegistration, forEachCallIn, isWorkerThreadModule, type ContextKind } from '../../lang/ts/event-loop-context';
import { planImport, retireImport } from '../../lang/ts/imports';
import { isMemoisedCall, isOnErrorPath } from '../../lang/ts/memo-guard';
import { isSynchronous, type BlockingPath, type TsProjectIndex } from '../../lang/ts/project-index';
import type { BlockingApi } from '../../lang/ts/blocking-apis';
import type { Fix } from '../../core/finding';
import type { TsRuleContext } from '../../lang/ts/rule-context';

const LOWER_SEVERITY_KINDS: ReadonlySet<ContextKind> = new Set(['timer', 'emitter']);

export function checkTypeScript(ctx: TsRuleContext): void {
  const { sourceFile, index } = ctx;
  const checker = index.checker;
  const program = index.program;
  // A worker thread's own module is where blocking work belongs.
  if (isWorkerThreadModule(checker, sourceFile)) return;
  const startup = new StartupFunctions(sourceFile, checker);
  // A `bin` module runs once per command: its async functions are one-shot steps,
  // unless it also hands callbacks to a server, emitter or timer (then it serves).
  const oneShot = isBinModule(sourceFile) && !registersCallbacks(ctx);

  walk(sourceFile, (node) => {
    if (ctx.token.isCancellationRequested) return false;
    if (isFunctionLike(node)) {
      const role = classifyFunction(checker, program, node);
      if (role.role === 'context' && !(role.kind === 'async' && (oneShot || startup.isStartupOnly(node)))) {
        checkContext(ctx, node, role.kind, role.description);
      }
    } else if (ts.isCallExpression(node)) {
      checkRegisteredReferences(ctx, node);
    }
    return true;
  });
}

/** Whether the file hands callbacks to a server, a timer or an emitter. */
function registersCallbacks(ctx: TsRuleContext): boolean {
  let found = false;
  walk(ctx.sourceFile, (node) => {
    if (found) return false;
    if (isFunctionLike(node)) {
      const role = classifyFunction(ctx.index.checker, ctx.index.program, node);
      if (role.role === 'context' && (role.kind === 'handler' || role.kind === 'timer' || role.kind === 'emitter')) found = true;
    }
    return !found;
  });
  return found;
}

function severityFor(kind: ContextKind) {
  return LOWER_SEVERITY_KINDS.has(kind) ? ('info' as const) : undefined;
}

function checkContext(ctx: TsRuleContext, fn: FunctionLike, kind: ContextKind, where: string): void {
  const { index } = ctx;
  forEachCallIn(index.checker, index.program, fn, (call, direct) => {
    if (!ts.isCallExpression(call)) return;
    const name = calleeName(call);
    if (!name) return;
    const api = index.blockingApiOf(call, name);
    // Once per key or once per failure, not once per request.
    if ((api || index.mayBlock(name)) && (isOnErrorPath(call, fn) || isMemoisedCall(index.checker, call, fn))) return;
    if (api) {
      const fixes = kind === 'async' && direct ? fixesFor(ctx, call, api) : [];
      ctx.report({
        start: call.getStart(),
        end: call.getEnd(),
        severity: severityFor(kind),
        message: `${apiLabel(api)} blocks the event loop: while it runs, ${where} holds up every other request, timer and callback. Use ${api.alternative} instead.`,
        fixes,
      });
      return;
    }
    if (!index.mayBlock(name)) return;
    const target = index.resolveCallee(call);
    if (target.kind !== 'user' || !isSynchronous(target.declaration)) return;
    const path = index.blockingPathOf(target.declaration, chainDepthOf(ctx.meta));
    if (path) reportPath(ctx, call, `${name}()`, path, kind, `is called in ${where}`);
  });
}

/** `app.get('/x', handleX)`: a synchronous function handed over as an event-loop callback. */
function checkRegisteredReferences(ctx: TsRuleContext, call: ts.CallExpression): void {
  const { index } = ctx;
  const candidates = call.arguments.filter((a) => {
    const arg = skipOuterExpressions(a);
    const name = ts.isIdentifier(arg) ? arg.text : ts.isPropertyAccessExpression(arg) ? arg.name.text : undefined;
    return name !== undefined && index.mayBlock(name);
  });
  if (candidates.length === 0) return;
  const registration = classifyRegistration(index.checker, index.program, call);
  if (!registration) return;
  for (const arg of candidates) {
    const fn = referencedFunction(index, skipOuterExpressions(arg));
    if (!fn || !isSynchronous(fn)) continue;
    const path = index.blockingPathOf(fn, chainDepthOf(ctx.meta));
    if (path) reportPath(ctx, arg, arg.getText(), path, registration.kind, `runs as ${registration.description}`);
  }
}

function referencedFunction(index: TsProjectIndex, expr: ts.Expression): FunctionLike | undefined {
  const checker = index.checker;
  const nameNode = ts.isPropertyAccessExpression(expr) ? expr.name : expr;
  let symbol = checker.getSymbolAtLocation(nameNode);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) {
    try {
      symbol = checker.getAliasedSymbol(symbol);
    } catch {
      return undefined;
    }
  }
  return userFunctionOf(symbol?.valueDeclaration ?? symbol?.declarations?.[0]);
}

function reportPath(ctx: TsRuleContext, node: ts.Node, label: string, path: BlockingPath, kind: ContextKind, how: string): void {
  const chain = [label.replace(/\(\)$/, ''), ...path.steps.map((s) => s.callee)].join(' → ');
  ctx.report({
    start: node.getStart(),
    end: node.getEnd(),
    severity: severityFor(kind),
    message: `${label} blocks the event loop: it ${how} and synchronously calls ${apiLabel(path.api)} (${chain}). Use ${path.api.alternative} in it, make it async and await it here.`,
    related: path.steps.map((step) => ({
      file: step.file,
      start: step.start,
      end: step.end,
      message: `${step.caller} calls ${step.callee}`,
    })),
  });
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
