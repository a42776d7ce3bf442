/**
 * One analysed TypeScript program (a tsconfig's, or the inferred one for loose
 * files) with the caches rules share: resolved callees and the blocking-call
 * summaries of the call graph. Caches are dropped whenever any file of the
 * program changes, because a summary can depend on any file.
 */
import { ts } from './compiler';
import type { LanguageServiceProject } from './language-service-project';
import { calleeName, functionName, type FunctionLike } from './ast';
import { resolveCallee, type CalleeTarget } from './callee';
import { findBlockingApi, findPackageBlockingApi, mayBeBlockingName, parseExtraBlockingApis, type BlockingApi, type ExtraBlockingApi } from './blocking-apis';
import { blockingSeeds, extendReachingNames, reachingNames, type Reach, type ReachSearch } from './call-name-index';
import { forEachCallIn } from './event-loop-context';
import { isMemoisedCall, isOnErrorPath } from './memo-guard';
import { isCreateIfMissing } from './create-guard';
import { ReachMemo, type ChainStep } from '../../core/reachability';
import { BlockingCallers } from './blocking-callers';
import { HotPaths } from './hot-path';

/** Why a synchronous function blocks: the calls from it down to a blocking API. */
export interface BlockingPath {
  api: BlockingApi;
  steps: ChainStep[];
}

export class TsProjectIndex {
  private calleeCache = new Map<ts.Node, CalleeTarget>();
  /** Per depth: a shallower search can miss what a deeper one finds. */
  private pathCache = new Map<number, ReachMemo<ts.Node, BlockingPath>>();
  private extras: ExtraBlockingApi[] = [];
  private extrasKey = '';
  private extraNames = new Set<string>();
  /** Name filters by kind ('blocking', 'heavy'), and the files edited since each was computed. */
  private programValues = new WeakMap<ts.Program, Map<object, unknown>>();
  private nameSets = new Map<string, { reach: Reach; stale: Set<string> }>();

  constructor(readonly project: LanguageServiceProject, readonly label: string) {}

  get program(): ts.Program {
    return this.project.program;
  }

  /**
   * A value derived from the current program, made once per program: a new
   * program (after any edit) gets a new one. `key` names the kind of value.
   */
  perProgram<T>(key: object, create: (program: ts.Program) => T): T {
    const program = this.program;
    let values = this.programValues.get(program);
    if (!values) this.programValues.set(program, (values = new Map()));
    if (!values.has(key)) values.set(key, create(program));
    return values.get(key) as T;
  }

  get checker(): ts.TypeChecker {
    return this.program.getTypeChecker();
  }

  /** Call after any source file of the project changed. */
  invalidate(changedFile?: string): void {
    this.calleeCache.clear();
    this.pathCache.clear();
    if (changedFile === undefined) this.nameSets.clear();
    else for (const set of this.nameSets.values()) set.stale.add(changedFile);
  }

  /**
   * The names of functions that can reach what `search` seeds from, kept across
   * edits: after an edit only the changed files start a new search.
   */
  reachingNames(kind: string, search: ReachSearch): Set<string> {
    const entry = this.nameSets.get(kind);
    if (!entry) {
      const reach = reachingNames(this.program, search);
      this.nameSets.set(kind, { reach, stale: new Set() });
      return reach.names;
    }
    if (entry.stale.size > 0) {
      const program = this.program;
      const changed = [...entry.stale].map((f) => program.getSourceFile(f)).filter((f): f is ts.SourceFile => f !== undefined);
      entry.stale.clear();
      entry.reach = extendReachingNames(program, entry.reach, changed, search);
    }
    return entry.reach.names;
  }

  /** Resolves a call to a synchronous function the user wrote, for the name searches. */
  readonly resolveSyncUserFunction = (call: ts.CallExpression | ts.NewExpression): ts.Node | undefined => {
    const target = this.resolveCallee(call);
    return target.kind === 'user' && isSynchronous(target.declaration) ? target.declaration : undefined;
  };

  /**
   * Whether a call by this name could reach a blocking API at all, by a
   * syntax-only pass over the program; only such calls are worth the checker.
   */
  mayBlock(name: string): boolean {
    return this.reachingNames('blocking', {
      seeds: blockingSeeds({
        isApiCandidate: (n) => mayBeBlockingName(n, this.extraNames),
        isBlockingApiCall: (call, n) => this.resolvesToBlockingApi(call, n),
        resolveUserFunction: this.resolveSyncUserFunction,
      }),
      resolveUserFunction: this.resolveSyncUserFunction,
    }).has(name);
  }

  setExtraBlockingApis(entries: readonly string[]): void {
    const key = entries.join('\n');
    if (key === this.extrasKey) return;
    this.extrasKey = key;
    this.extras = parseExtraBlockingApis(entries);
    this.extraNames = new Set(this.extras.map((e) => e.name));
    this.pathCache.clear();
    this.nameSets.clear();
  }

  resolveCallee(call: ts.CallExpression | ts.NewExpression): CalleeTarget {
    let target = this.calleeCache.get(call);
    if (!target) {
      target = resolveCallee(this.checker, this.program, call);
      this.calleeCache.set(call, target);
    }
    return target;
  }

  /** The blocking API a call invokes directly, if it is one. */
  blockingApiOf(call: ts.CallExpression | ts.NewExpression, name: string): BlockingApi | undefined {
    // A property name is the export's own name; a bare identifier may be an alias.
    const viaProperty = !ts.isIdentifier(call.expression);
    if (viaProperty ? !mayBeBlockingName(name, this.extraNames) : !this.mayBlock(name)) return undefined;
    return this.resolvesToBlockingApi(call, name) ? this.apiOf(call) : undefined;
  }

  private resolvesToBlockingApi(call: ts.CallExpression | ts.NewExpression, _name: string): boolean {
    return this.apiOf(call) !== undefined;
  }

  private apiOf(call: ts.CallExpression | ts.NewExpression): BlockingApi | undefined {
    const target = this.resolveCallee(call);
    if (target.kind === 'atomics-wait') {
      return { module: 'Atomics', name: 'wait', cost: 'unbounded', alternative: 'Atomics.waitAsync' };
    }
    if (target.kind !== 'module-export') return undefined;
    if (target.builtin) {
      const api = findBlockingApi(target.module, target.name);
      if (api) return api;
    } else {
      const api = findPackageBlockingApi(target.module, target.name);
      if (api) return api;
    }
    const extra = this.extras.find((e) => e.module === target.module && e.name === target.name &&
      (e.container === undefined || e.container === target.container));
    if (extra) return { module: extra.module, name: target.name, cost: 'unbounded', alternative: 'an asynchronous alternative (configured in loopwise.blockingApis.extra)' };
    return undefined;
  }

  /**
   * The reverse view of the call graph for blocking calls (blocking-callers.ts),
   * made once per program, when a rule first asks.
   */
  blockingCallers(): BlockingCallers {
    return this.perProgram(BlockingCallers, () => new BlockingCallers({
      checker: this.checker,
      program: this.program,
      mayBlock: (name) => this.mayBlock(name),
      resolveUserFunction: (call) => this.userFunctionOf(call),
    }));
  }

  /** The program's own function a call runs, if the checker resolves it to one. */
  private userFunctionOf(call: ts.CallExpression | ts.NewExpression): FunctionLike | undefined {
    const target = this.resolveCallee(call);
    return target.kind === 'user' ? target.declaration : undefined;
  }

  /** Evidence that a bounded blocking call is on a hot path (hot-path.ts), made once per program. */
  hotPaths(): HotPaths {
    return this.perProgram(HotPaths, () => new HotPaths({
      checker: this.checker,
      program: this.program,
      resolveUserFunction: (call) => this.userFunctionOf(call),
    }, this.blockingCallers()));
  }

  /**
   * Why calling this synchronous function blocks the thread, or null if it does not,
   * following calls at most `depth` functions deep (`fn` is the first; the rule's meta.chainDepth).
   */
  blockingPathOf(fn: FunctionLike, depth: number): BlockingPath | null {
    let memo = this.pathCache.get(depth);
    if (!memo) this.pathCache.set(depth, (memo = new ReachMemo()));
    return memo.get(fn, () => {
      let found: BlockingPath | null = null;
      const caller = functionName(fn);
      const file = fn.getSourceFile().fileName;
      forEachCallIn(this.checker, this.program, fn, (call) => {
        if (found) return;
        const name = calleeName(call);
        if (!name) return;
        const api = this.blockingApiOf(call, name);
        if ((api || this.mayBlock(name)) && (isOnErrorPath(call, fn) || isMemoisedCall(this.checker, call, fn) || isCreateIfMissing(this.checker, this.program, call, fn))) return;
        if (api) {
          found = { api, steps: [{ caller, callee: `${api.module}.${api.name}`, file, start: call.getStart(), end: call.getEnd() }] };
          return;
        }
        if (depth <= 1 || !this.mayBlock(name)) return;
        const target = this.resolveCallee(call);
        if (target.kind !== 'user' || !isSynchronous(target.declaration)) return;
        const inner = this.blockingPathOf(target.declaration, depth - 1);
        if (inner) {
          found = { api: inner.api, steps: [{ caller, callee: functionName(target.declaration), file, start: call.getStart(), end: call.getEnd() }, ...inner.steps] };
        }
      });
      return found;
    });
  }
}

export function isSynchronous(fn: FunctionLike): boolean {
  const flags = ts.getCombinedModifierFlags(fn as ts.Declaration);
  if (flags & ts.ModifierFlags.Async) return false;
  return !('asteriskToken' in fn && fn.asteriskToken);
}
