/**
 * One analysed TypeScript program (a tsconfig's, or the inferred one for loose
 * files) with the caches rules share: resolved callees and the blocking-call
 * summaries of the call graph. Caches are dropped whenever any file of the
 * program changes, because a summary can depend on any file.
 */
import { Project, ts } from 'ts-morph';
import { calleeName, functionName, type FunctionLike } from './ast';
import { resolveCallee, type CalleeTarget } from './callee';
import { findBlockingApi, mayBeBlockingName, parseExtraBlockingApis, type BlockingApi, type ExtraBlockingApi } from './blocking-apis';
import { blockingFunctionNames } from './call-name-index';
import { forEachCallIn } from './event-loop-context';

export interface BlockingStep {
  /** Function the step's call is in. */
  caller: string;
  /** What that call calls. */
  callee: string;
  file: string;
  start: number;
  end: number;
}

/** Why a synchronous function blocks: the calls from it down to a blocking API. */
export interface BlockingPath {
  api: BlockingApi;
  steps: BlockingStep[];
}

const IN_PROGRESS = Symbol('in-progress');

export class TsProjectIndex {
  private calleeCache = new Map<ts.Node, CalleeTarget>();
  private pathCache = new Map<ts.Node, BlockingPath | null | typeof IN_PROGRESS>();
  private extras: ExtraBlockingApi[] = [];
  private extrasKey = '';
  private extraNames = new Set<string>();
  private candidates: Set<string> | undefined;

  constructor(readonly project: Project, readonly label: string) {}

  get program(): ts.Program {
    return this.project.getProgram().compilerObject;
  }

  get checker(): ts.TypeChecker {
    return this.project.getTypeChecker().compilerObject;
  }

  /** Call after any source file of the project changed. */
  invalidate(): void {
    this.calleeCache.clear();
    this.pathCache.clear();
    this.candidates = undefined;
  }

  /**
   * Whether a call by this name could reach a blocking API at all, by a
   * syntax-only pass over the program; only such calls are worth the checker.
   */
  mayBlock(name: string): boolean {
    this.candidates ??= blockingFunctionNames(this.program, {
      isApiCandidate: (n) => mayBeBlockingName(n, this.extraNames),
      isBlockingApiCall: (call, n) => this.resolvesToBlockingApi(call, n),
      resolveUserFunction: (call) => {
        const target = this.resolveCallee(call);
        return target.kind === 'user' && isSynchronous(target.declaration) ? target.declaration : undefined;
      },
    });
    return this.candidates.has(name);
  }

  setExtraBlockingApis(entries: readonly string[]): void {
    const key = entries.join('\n');
    if (key === this.extrasKey) return;
    this.extrasKey = key;
    this.extras = parseExtraBlockingApis(entries);
    this.extraNames = new Set(this.extras.map((e) => e.name));
    this.pathCache.clear();
    this.candidates = undefined;
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
      return { module: 'Atomics', name: 'wait', alternative: 'Atomics.waitAsync' };
    }
    if (target.kind !== 'module-export') return undefined;
    if (target.builtin) {
      const api = findBlockingApi(target.module, target.name);
      if (api) return api;
    }
    const extra = this.extras.find((e) => e.module === target.module && e.name === target.name &&
      (e.container === undefined || e.container === target.container));
    if (extra) return { module: extra.module, name: target.name, alternative: 'an asynchronous alternative (configured in loopwise.blockingApis.extra)' };
    return undefined;
  }

  /** Why calling this synchronous function blocks the thread, or null if it does not. */
  blockingPathOf(fn: FunctionLike): BlockingPath | null {
    const cached = this.pathCache.get(fn);
    if (cached === IN_PROGRESS) return null;
    if (cached !== undefined) return cached;
    this.pathCache.set(fn, IN_PROGRESS);
    let found: BlockingPath | null = null;
    const caller = functionName(fn);
    const file = fn.getSourceFile().fileName;
    try {
      forEachCallIn(this.checker, this.program, fn, (call) => {
        if (found) return;
        const name = calleeName(call);
        if (!name) return;
        const api = this.blockingApiOf(call, name);
        if (api) {
          found = { api, steps: [{ caller, callee: `${api.module}.${api.name}`, file, start: call.getStart(), end: call.getEnd() }] };
          return;
        }
        if (!this.mayBlock(name)) return;
        const target = this.resolveCallee(call);
        if (target.kind !== 'user' || !isSynchronous(target.declaration)) return;
        const inner = this.blockingPathOf(target.declaration);
        if (inner) {
          found = { api: inner.api, steps: [{ caller, callee: functionName(target.declaration), file, start: call.getStart(), end: call.getEnd() }, ...inner.steps] };
        }
      });
    } catch {
      found = null;
    }
    this.pathCache.set(fn, found);
    return found;
  }
}

export function isSynchronous(fn: FunctionLike): boolean {
  const flags = ts.getCombinedModifierFlags(fn as ts.Declaration);
  if (flags & ts.ModifierFlags.Async) return false;
  return !('asteriskToken' in fn && fn.asteriskToken);
}
