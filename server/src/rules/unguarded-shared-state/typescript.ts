/** unguarded-shared-state: the TypeScript reading (the rule's header and meta are in index.ts). */
import { ts } from '../../lang/ts/compiler';
import { calleeName, functionName, isAsyncFunction, isFunctionLike, skipOuterExpressions, walk, walkCarrying, SKIP_CHILDREN, STOP_WALK, type FunctionLike, enclosingFunction } from '../../lang/ts/ast';
import { forEachInSameFunction } from '../../lang/ts/context-walk';
import { classifyFunction } from '../../lang/ts/event-loop-context';
import { mapEntryTargetOf, moduleVariableOf, sharedReadsIn, sharedTargetOf, type SharedTarget } from '../../lang/ts/module-state';
import { ATOMIC_VIEWS, TYPED_ARRAYS, isNew, isSharedMemory, sharedMemoryIndexOf, symbolOf, type SpawnSite } from '../../lang/ts/shared-memory';
import type { Fix } from '../../core/finding';
import { quoteCode } from '../../core/quote';
import type { TsRuleContext } from '../../lang/ts/rule-context';

export function checkTypeScript(ctx: TsRuleContext): void {
  checkSharedMemory(ctx);
  if (ctx.token.isCancellationRequested) return;
  walk(ctx.sourceFile, (node) => {
    if (ctx.token.isCancellationRequested) return false;
    if (isFunctionLike(node) && isAsyncFunction(node)) checkLostUpdates(ctx, node);
    return true;
  });
  checkForkedState(ctx);
}

// ---- (a) shared memory -------------------------------------------------------------

const ASSIGNMENT_ATOMICS: Partial<Record<ts.SyntaxKind, string>> = {
  [ts.SyntaxKind.EqualsToken]: 'store',
  [ts.SyntaxKind.PlusEqualsToken]: 'add',
  [ts.SyntaxKind.MinusEqualsToken]: 'sub',
  [ts.SyntaxKind.BarEqualsToken]: 'or',
  [ts.SyntaxKind.AmpersandEqualsToken]: 'and',
  [ts.SyntaxKind.CaretEqualsToken]: 'xor',
};
const LOCKING = /^(?:lock|acquire|withLock|runExclusive|mutex)/i;

interface SharedView {
  /** Constructor name if known: `Int32Array`. */
  arrayType?: string;
  side: 'main' | 'worker';
  /** Main side: where the memory is handed to the worker; writes before it are initialisation. */
  sharedAt?: ts.Node;
}

/** `workerData`, `workerData.a.b` → '', 'a.b'. */
function workerDataPath(expr: ts.Expression): string | undefined {
  const parts: string[] = [];
  let node = skipOuterExpressions(expr);
  while (ts.isPropertyAccessExpression(node)) {
    if (node.name.text === 'workerData') return parts.join('.');
    parts.unshift(node.name.text);
    node = skipOuterExpressions(node.expression);
  }
  return ts.isIdentifier(node) && node.text === 'workerData' ? parts.join('.') : undefined;
}

function checkSharedMemory(ctx: TsRuleContext): void {
  const { sourceFile, index } = ctx;
  if (!/SharedArrayBuffer|workerData|Worker|postMessage/.test(sourceFile.text)) return;
  const checker = index.checker;
  const shared = sharedMemoryIndexOf(index);
  const views = new Map<ts.Symbol, SharedView>();
  const sites = shared.sitesIn(sourceFile.fileName);
  const mainSymbols = new Map<ts.Symbol, SpawnSite>();
  for (const site of sites) for (const s of site.sharedSymbols) if (!mainSymbols.has(s)) mainSymbols.set(s, site);
  const spawners = shared.spawnersOf(sourceFile.fileName);
  const workerPaths = new Set(spawners.flatMap((s) => [...s.sharedPaths]));
  const isWorkerSide = /worker_threads/.test(sourceFile.text) && /\bworkerData\b/.test(sourceFile.text);
  const pathIsShared = (expr: ts.Expression): boolean => {
    if (!isWorkerSide) return false;
    const path = workerDataPath(expr);
    if (path === undefined) return false;
    if (workerPaths.size > 0) return workerPaths.has(path);
    // No spawner in the project: trust a declared SharedArrayBuffer type.
    return isSharedMemory(checker, expr);
  };

  // Views: main-side symbols handed to a worker, views over them, and worker-side views over workerData.
  for (const [symbol, site] of mainSymbols) {
    const decl = symbol.valueDeclaration;
    const init = decl && ts.isVariableDeclaration(decl) && decl.initializer;
    const arrayType = init ? isNew(init, TYPED_ARRAYS) : undefined;
    if (arrayType) views.set(symbol, { arrayType, side: 'main', sharedAt: site.node });
  }
  walk(sourceFile, (node) => {
    if (ts.isVariableDeclaration(node) && node.initializer) {
      const init = skipOuterExpressions(node.initializer);
      const arrayType = isNew(init, TYPED_ARRAYS);
      if (ts.isIdentifier(node.name)) {
        const symbol = checker.getSymbolAtLocation(node.name);
        if (!symbol || views.has(symbol)) return true;
        if (arrayType) {
          const arg = (init as ts.NewExpression).arguments?.[0];
          const base = arg && symbolOf(checker, arg);
          if (base && mainSymbols.has(base)) views.set(symbol, { arrayType, side: 'main', sharedAt: mainSymbols.get(base)!.node });
          else if (arg && pathIsShared(arg)) views.set(symbol, { arrayType, side: 'worker' });
        } else if (pathIsShared(init)) {
          views.set(symbol, { side: 'worker', arrayType: typedArrayName(checker, init) });
        }
      } else if (ts.isObjectBindingPattern(node.name) && workerDataPath(init) !== undefined) {
        // const { counts } = workerData
        const base = workerDataPath(init)!;
        for (const element of node.name.elements) {
          const key = (element.propertyName ?? element.name).getText();
          const path = base ? `${base}.${key}` : key;
          if (!ts.isIdentifier(element.name) || !isWorkerSide) continue;
          const ok = workerPaths.size > 0 ? workerPaths.has(path) : isSharedMemory(checker, element.name);
          const symbol = checker.getSymbolAtLocation(element.name);
          if (ok && symbol) views.set(symbol, { side: 'worker', arrayType: typedArrayName(checker, element.name) });
        }
      }
    }
    return true;
  });

  walk(sourceFile, (node) => {
    let target: ts.Expression | undefined;
    let operator: ts.SyntaxKind | undefined;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
      target = node.left;
      operator = node.operatorToken.kind;
    } else if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
        (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)) {
      target = node.operand;
      operator = node.operator;
    }
    if (!target) return true;
    const access = skipOuterExpressions(target);
    if (!ts.isElementAccessExpression(access)) return true;
    const arrayExpr = skipOuterExpressions(access.expression);
    let view: SharedView | undefined;
    const symbol = ts.isIdentifier(arrayExpr) ? checker.getSymbolAtLocation(arrayExpr) : undefined;
    if (symbol) view = views.get(symbol);
    if (!view && pathIsShared(arrayExpr)) view = { side: 'worker', arrayType: typedArrayName(checker, arrayExpr) };
    if (!view) return true;
    if (view.sharedAt && writesBeforeSharing(node, view.sharedAt)) return true;
    if (usesLocking(node)) return true;
    reportSharedWrite(ctx, node as ts.Expression, access, operator!, view);
    return true;
  });
}

function typedArrayName(checker: ts.TypeChecker, expr: ts.Expression): string | undefined {
  try {
    const name = checker.getTypeAtLocation(expr).getSymbol()?.getName();
    return name && TYPED_ARRAYS.has(name) ? name : undefined;
  } catch {
    return undefined;
  }
}

/** Initialisation before the memory is handed over, in the same function and not in a loop around the hand-over. */
function writesBeforeSharing(write: ts.Node, sharedAt: ts.Node): boolean {
  if (enclosingFunction(write) !== enclosingFunction(sharedAt) || write.getEnd() > sharedAt.getStart()) return false;
  for (let cur = write.parent; cur && !isFunctionLike(cur); cur = cur.parent) {
    if (ts.isIterationStatement(cur, false) && cur.getEnd() >= sharedAt.getEnd()) return false;
  }
  return true;
}

/** The write sits in a function that takes a lock around it (a compareExchange spin lock, Atomics.wait, a `lock()` helper). */
function usesLocking(write: ts.Node): boolean {
  const fn = enclosingFunction(write);
  if (!fn) return false;
  let locked = false;
  forEachInSameFunction(fn, (node) => {
    if (locked) return false;
    if (ts.isCallExpression(node)) {
      const text = node.expression.getText();
      const name = calleeName(node) ?? '';
      if (/^Atomics\.(?:compareExchange|exchange|wait|waitAsync)$/.test(text) || LOCKING.test(name)) locked = true;
    }
    return true;
  });
  return locked;
}

function reportSharedWrite(ctx: TsRuleContext, write: ts.Expression, access: ts.ElementAccessExpression, operator: ts.SyntaxKind, view: SharedView): void {
  const arrayText = access.expression.getText();
  const indexText = access.argumentExpression.getText();
  const bigint = view.arrayType?.startsWith('Big') ?? false;
  const one = bigint ? '1n' : '1';
  let fn: string | undefined;
  let value: string | undefined;
  const standalone = ts.isExpressionStatement(write.parent);
  if (ts.isBinaryExpression(write)) {
    fn = ASSIGNMENT_ATOMICS[operator];
    value = write.right.getText();
    // `a[i] = v` yields v, as Atomics.store does; the compound forms yield the new value, Atomics the old.
    if (fn && fn !== 'store' && !standalone) fn = undefined;
  } else if (ts.isPostfixUnaryExpression(write) || standalone) {
    // `a[i]++` yields the old value, as Atomics.add does.
    fn = operator === ts.SyntaxKind.PlusPlusToken ? 'add' : 'sub';
    value = one;
  }
  const atomicCapable = view.arrayType !== undefined && ATOMIC_VIEWS.has(view.arrayType);
  const fixes: Fix[] = [];
  if (fn && value !== undefined && atomicCapable) {
    const replacement = `Atomics.${fn}(${arrayText}, ${indexText}, ${value})`;
    fixes.push({ title: `Use ${replacement.length > 50 ? `Atomics.${fn}(…)` : replacement}`, edits: [{ start: write.getStart(), end: write.getEnd(), newText: replacement }], safe: true, preferred: true });
  }
  const other = view.side === 'main' ? 'the worker it is shared with' : 'the thread that shared it';
  const instead = atomicCapable
    ? `Use ${fn ? `Atomics.${fn}` : 'Atomics (compareExchange in a loop for this operation)'}`
    : `${view.arrayType ?? 'This array'} cannot be used with Atomics: guard it with a lock built on Atomics over an Int32Array`;
  ctx.report({
    start: write.getStart(),
    end: write.getEnd(),
    message: `${quoteCode(write.getText(), 40)} is a plain write to memory shared with ${view.side === 'main' ? 'a worker' : 'another thread'}`,
    detail: `This array is a view over a SharedArrayBuffer that ${other} also reads and writes, so concurrent plain updates can be lost or seen out of order. ${instead}.`,
    fixes,
  });
}

// ---- (b) lost updates across await ---------------------------------------------------

interface StaleBinding {
  target: SharedTarget;
  readAt: ts.Node;
}

function isAssignment(node: ts.Node): node is ts.BinaryExpression {
  return ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
}

function checkLostUpdates(ctx: TsRuleContext, fn: FunctionLike): void {
  const checker = ctx.index.checker;
  if (!fn.body) return;
  const awaits: ts.Node[] = [];
  const stale = new Map<ts.Symbol, StaleBinding>();
  const localSymbol = (node: ts.Node): ts.Symbol | undefined => (ts.isIdentifier(node) ? checker.getSymbolAtLocation(node) : undefined);
  const bind = (name: ts.Node, value: ts.Expression | undefined) => {
    const symbol = localSymbol(name);
    if (!symbol) return;
    const reads = value ? sharedReadsIn(checker, value) : [];
    // A value derived from another stale local is stale too.
    const viaLocal = value ? staleLocalsIn(checker, value, stale)[0] : undefined;
    if (reads.length > 0) stale.set(symbol, { target: reads[0].target, readAt: reads[0].node });
    else if (viaLocal) stale.set(symbol, viaLocal.binding);
    else stale.delete(symbol);
  };
  // `a = b = c = v` stores v in each: every link of a chain looks at v, not at the
  // rest of the chain, which its own link looks at (once). Walking the rest from
  // every link made an 800-link chain take a minute.
  const stored = new Map<ts.Node, ts.Expression>();
  const storedValue = (expr: ts.Expression): ts.Expression => {
    const links: ts.Node[] = [];
    let value = expr;
    for (;;) {
      const inner = skipOuterExpressions(value);
      if (!isAssignment(inner) || inner.operatorToken.kind !== ts.SyntaxKind.EqualsToken) break;
      const known = stored.get(inner);
      if (known) {
        value = known;
        break;
      }
      links.push(inner);
      value = inner.right;
    }
    for (const link of links) stored.set(link, value);
    return value;
  };
  forEachInSameFunction(fn, (node) => {
    if (ctx.token.isCancellationRequested) return false;
    if (ts.isAwaitExpression(node) || ts.isForOfStatement(node) && node.awaitModifier) awaits.push(node);
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      const value = storedValue(node.initializer);
      checkWrite(ctx, node, undefined, value, awaits, stale);
      bind(node.name, value);
    } else if (isAssignment(node)) {
      const target = sharedTargetOf(checker, node.left);
      const value = node.operatorToken.kind === ts.SyntaxKind.EqualsToken ? storedValue(node.right) : node.right;
      if (target) checkWrite(ctx, node, target, value, awaits, stale, node.operatorToken.kind !== ts.SyntaxKind.EqualsToken);
      else if (node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(node.left)) bind(node.left, value);
    } else if (ts.isCallExpression(node) && node.arguments.length >= 2) {
      const entry = mapEntryTargetOf(checker, node, 'set');
      if (entry) checkWrite(ctx, node, entry, node.arguments[1], awaits, stale);
    }
    return true;
  });
}

function staleLocalsIn(checker: ts.TypeChecker, expr: ts.Node, stale: Map<ts.Symbol, StaleBinding>): Array<{ id: ts.Identifier; binding: StaleBinding }> {
  const out: Array<{ id: ts.Identifier; binding: StaleBinding }> = [];
  // Nothing is stale yet (the common case): no walk, no symbol look-ups.
  if (stale.size === 0) return out;
  const names = new Set<string>();
  for (const symbol of stale.keys()) names.add(symbol.name);
  walkCarrying(expr, undefined, (node) => {
    if (isFunctionLike(node)) return SKIP_CHILDREN;
    // Only an identifier spelled like a stale local can be one: the checker is asked about those alone.
    if (ts.isIdentifier(node) && names.has(node.text) && !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node)) {
      const symbol = checker.getSymbolAtLocation(node);
      const binding = symbol && stale.get(symbol);
      if (binding) out.push({ id: node, binding });
    }
    return undefined;
  });
  return out;
}

/**
 * The first await in `expr` itself, not in a function inside it. A walk of `expr`
 * alone: the walk from its parent, pruned by position, asked each node's start,
 * which climbs to the source file, and that is the depth of the tree each time.
 */
function firstAwaitIn(expr: ts.Node): ts.AwaitExpression | undefined {
  let found: ts.AwaitExpression | undefined;
  walkCarrying(expr, undefined, (node) => {
    if (node !== expr && (isFunctionLike(node) || ts.isClassLike(node))) return SKIP_CHILDREN;
    if (ts.isAwaitExpression(node)) {
      found = node;
      return STOP_WALK;
    }
    return undefined;
  });
  return found;
}

function checkWrite(ctx: TsRuleContext, write: ts.Node, target: SharedTarget | undefined, value: ts.Expression,
  awaits: ts.Node[], stale: Map<ts.Symbol, StaleBinding>, compound = false): void {
  if (!target) return;
  const checker = ctx.index.checker;
  const inner = firstAwaitIn(value);
  // `total += await f()` and `total = total + await f()`: the target is read, then the await suspends.
  if (inner) {
    const readsBefore = compound || sharedReadsIn(checker, value).some((r) => r.target.key === target.key && r.node.getEnd() <= inner.getStart());
    if (readsBefore) {
      report(ctx, write, target, inner, compound ? undefined : undefined);
      return;
    }
  }
  // `const c = total; await f(); total = c + n`.
  for (const { binding } of staleLocalsIn(checker, value, stale)) {
    if (binding.target.key !== target.key) continue;
    const between = awaitBetween(awaits, binding.readAt.getEnd(), write.getStart());
    if (between) {
      report(ctx, write, target, between, binding.readAt);
      return;
    }
  }
}

/**
 * The first await that starts after `from` and ends by `to`. `awaits` is in
 * source order, so a binary search finds where to start: a scan of every await
 * for every write was quadratic in a function full of both.
 */
function awaitBetween(awaits: ts.Node[], from: number, to: number): ts.Node | undefined {
  let lo = 0;
  let hi = awaits.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (awaits[mid].getStart() > from) hi = mid;
    else lo = mid + 1;
  }
  for (let i = lo; i < awaits.length && awaits[i].getStart() < to; i++) {
    if (awaits[i].getEnd() <= to) return awaits[i];
  }
  return undefined;
}

function report(ctx: TsRuleContext, write: ts.Node, target: SharedTarget, awaitNode: ts.Node, readAt: ts.Node | undefined): void {
  const file = ctx.sourceFile.fileName;
  const line = (n: ts.Node) => ctx.sourceFile.getLineAndCharacterOfPosition(n.getStart()).line + 1;
  const where = readAt ? `read on line ${line(readAt)}` : 'read at the start of this statement';
  const related = [
    ...(readAt ? [{ file, start: readAt.getStart(), end: readAt.getEnd(), message: `'${target.label}' is read here` }] : []),
    { file, start: awaitNode.getStart(), end: awaitNode.getEnd(), message: 'other calls can change it while this await waits' },
  ];
  ctx.report({
    start: write.getStart(),
    end: write.getEnd(),
    message: `Lost update: ${quoteCode(target.label, 40)} is read before an await and written after it`,
    detail: `${quoteCode(target.label, 60)} is shared by every concurrent call: it is ${where}, the await lets other calls update it, and this write stores a value computed from the stale read, overwriting their updates. Read it after the await ('const n = await …; ${target.label} += n') or serialise the updates.`,
    related,
  });
}

// ---- (c) state assumed shared between processes ------------------------------------

const MUTATING_METHODS = new Set(['set', 'add', 'push', 'delete', 'clear', 'splice', 'unshift', 'pop', 'shift']);

function checkForkedState(ctx: TsRuleContext): void {
  const { sourceFile, index } = ctx;
  if (!/\bfork\s*\(/.test(sourceFile.text)) return;
  const checker = index.checker;
  let forkCall: ts.CallExpression | undefined;
  const forkingFunctions = new Set<ts.Node>();
  walk(sourceFile, (node) => {
    if (ts.isCallExpression(node) && calleeName(node) === 'fork') {
      const target = index.resolveCallee(node);
      if (target.kind === 'module-export' && (target.module === 'cluster' || target.module === 'child_process')) {
        forkCall ??= node;
        const fn = enclosingFunction(node);
        if (fn) forkingFunctions.add(fn);
      }
    }
    return true;
  });
  if (!forkCall) return;
  const forkLabel = `${forkCall.expression.getText()}()`;
  const reported = new Set<ts.Node>();
  walk(sourceFile, (node) => {
    const mutated = mutatedModuleVariable(checker, node);
    if (!mutated || reported.has(mutated) || mutated.getSourceFile() !== sourceFile) return true;
    const context = servingContext(index.checker, index.program, node, forkingFunctions);
    if (!context) return true;
    reported.add(mutated);
    const name = mutated.name.getText();
    ctx.report({
      start: mutated.name.getStart(),
      end: mutated.name.getEnd(),
      severity: 'info',
      message: `${quoteCode(name, 30)} is per-process state, but this file calls ${quoteCode(forkLabel, 30)}`,
      detail: `It is updated in ${context}, and every forked process has its own copy, so a cache, counter or session kept here is not shared between them. Keep it in Redis, a database, or the primary process (through messages).`,
      related: [{ file: sourceFile.fileName, start: node.getStart(), end: node.getEnd(), message: `'${name}' is updated here` }],
    });
    return true;
  });
}

function mutatedModuleVariable(checker: ts.TypeChecker, node: ts.Node): ts.VariableDeclaration | undefined {
  let root: ts.Expression | undefined;
  if (isAssignment(node)) root = node.left;
  else if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
    (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)) root = node.operand;
  else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && MUTATING_METHODS.has(node.expression.name.text)) root = node.expression.expression;
  else if (ts.isDeleteExpression(node)) root = node.expression;
  if (!root) return undefined;
  let base = skipOuterExpressions(root);
  while (ts.isPropertyAccessExpression(base) || ts.isElementAccessExpression(base)) base = skipOuterExpressions(base.expression);
  if (!ts.isIdentifier(base)) return undefined;
  const decl = moduleVariableOf(checker, base);
  return decl && ts.isVariableDeclaration(decl) ? decl : undefined;
}

/**
 * The request handler a node runs in (directly, or in an async function or promise
 * callback inside one), unless it is the primary process's own code. An async function
 * alone is no evidence that requests use the state: start-up, reload and shutdown code
 * is async too, and its state (listeners, config, a re-entrancy flag) is each process's own.
 */
function servingContext(checker: ts.TypeChecker, program: ts.Program, node: ts.Node, forking: Set<ts.Node>): string | undefined {
  for (let cur: ts.Node | undefined = node.parent; cur; cur = cur.parent) {
    if (ts.isIfStatement(cur) && /\bis(?:Primary|Master)\b/.test(cur.expression.getText()) &&
        cur.thenStatement.getStart() <= node.getStart() && node.getEnd() <= cur.thenStatement.getEnd() && !/!\s*cluster/.test(cur.expression.getText())) return undefined;
    if (!isFunctionLike(cur)) continue;
    if (forking.has(cur)) return undefined;
    const role = classifyFunction(checker, program, cur);
    if (role.role === 'context' && role.kind === 'handler') return role.description;
    if (role.role === 'context' && (role.kind === 'async' || role.kind === 'promise')) continue;
    if (role.role === 'plain') return undefined;
  }
  return undefined;
}
