/**
 * What makes a stretch of code CPU-heavy, for cpu-bound-on-event-loop: nested
 * loops over input-sized data, busy-waits on the clock, endless loops that never
 * yield, exponentially recursive calls, and catastrophically backtracking regular
 * expressions applied to non-constant text. `HeavyWorkIndex` summarises, per
 * program, which synchronous functions do such work themselves or through the
 * functions they call, the way `blockingPathOf` does for blocking calls.
 */
import { ts } from './compiler';
import { ReachMemo } from '../../core/reachability';
import { type FunctionLike, functionName } from './ast';
import { functionSeeds } from './call-name-index';
import { containsAwait, forEachNodeIn } from './context-walk';
import { isEmptyAtCall } from './emptiness-guard';
import { hasExit, isInside, isTrueLiteral, loopHeader, type LoopShape, loopShapeOf, trimEnd } from './heavy-work/loops';
import { nestedLoopWork } from './heavy-work/nested-loops';
import { calleeNameOf, mayContainHeavyWork } from './heavy-work/prefilter';
import { exponentialSelfCalls } from './heavy-work/recursion';
import { regexWork } from './heavy-work/regexes';
import { DataOrigins } from './heavy-work/data-origin';
import type { HeavyPath, HeavyWork } from './heavy-work/work';
import { isSynchronous, type TsProjectIndex } from './project-index';

const CLOCK_READS = /\b(?:Date\.now|performance\.now|process\.hrtime(?:\.bigint)?)\s*\(|\bnew Date\b|\.getTime\s*\(/;

/**
 * Heavy work a function does itself, while it runs: loops, regexes. Calls to other
 * functions are the index's business.
 */
export function ownHeavyWork(checker: ts.TypeChecker, program: ts.Program, fn: FunctionLike, origins?: DataOrigins): HeavyWork[] {
  const out: HeavyWork[] = [];
  const loops: Array<{ shape: LoopShape; ancestors: LoopShape[] }> = [];
  const enclosing: LoopShape[] = [];
  // Loops are found in document order; an enclosing loop ends before a later sibling starts.
  forEachNodeIn(checker, program, fn, (node) => {
    while (enclosing.length > 0 && node.getStart() >= enclosing[enclosing.length - 1].node.getEnd()) enclosing.pop();
    if (ts.isWhileStatement(node) || ts.isDoStatement(node) || ts.isForStatement(node) && !node.condition) {
      const condition = ts.isForStatement(node) ? node.condition : node.expression;
      const awaits = containsAwait(node.statement) || (condition ? containsAwait(condition) : false);
      if (!awaits && isTrueLiteral(condition) && !hasExit(node)) {
        const { start, end } = loopHeader(node);
        out.push({ node, start, end: trimEnd(node.getSourceFile().text, start, end), what: 'this loop never ends and never awaits, so it never gives the event loop back' });
        return false;
      }
      if (!awaits && condition && CLOCK_READS.test(condition.getText())) {
        const { start, end } = loopHeader(node);
        out.push({ node, start, end: trimEnd(node.getSourceFile().text, start, end), what: 'this loop busy-waits on the clock, spinning the CPU until the time passes' });
        return false;
      }
    }
    const shape = loopShapeOf(checker, node);
    if (shape) {
      // A loop nests in what it sits in the body of: `xs.map(f).map(g)` runs the two maps one after the other.
      loops.push({ shape, ancestors: enclosing.filter((outer) => isInside(node, outer.body)).reverse() });
      enclosing.push(shape);
    }
    if (ts.isCallExpression(node)) {
      const regex = regexWork(checker, program, node);
      if (regex) out.push(regex);
    }
    return true;
  });
  out.push(...nestedLoopWork(checker, loops, origins));
  return out.sort((a, b) => a.start - b.start);
}
/** Per-program summaries of which synchronous functions are CPU-heavy, cached until the program changes. */
export class HeavyWorkIndex {
  /** Per depth: a shallower search can miss what a deeper one finds. */
  private pathCache = new Map<number, ReachMemo<ts.Node, HeavyPath>>();
  private ownCache = new Map<ts.Node, HeavyWork[]>();
  private callCache = new Map<number, ReachMemo<ts.Node, HeavyPath>>();
  private candidates: Set<string> | undefined;
  /** Where collections come from (input, structure or unknown), and who calls whom. */
  readonly origins: DataOrigins;

  constructor(readonly index: TsProjectIndex, readonly program: ts.Program) {
    this.origins = new DataOrigins(index, program);
  }

  /** Whether a call by this name can reach heavy work at all (syntax first; see `mayContainHeavyWork`). */
  mayBeHeavy(name: string): boolean {
    this.candidates ??= this.index.reachingNames('heavy', {
      // Seeds are the functions that are heavy in themselves, confirmed with the
      // checker; only their callers are ever resolved, and far fewer names pass.
      seeds: functionSeeds((fn) => mayContainHeavyWork(fn) && this.isHeavyItself(fn as FunctionLike)),
      resolveUserFunction: this.index.resolveSyncUserFunction,
    });
    return this.candidates.has(name);
  }

  private isHeavyItself(fn: FunctionLike): boolean {
    return exponentialSelfCalls(this.index.checker, fn) >= 2 || this.ownWork(fn).length > 0;
  }

  ownWork(fn: FunctionLike): HeavyWork[] {
    let work = this.ownCache.get(fn);
    if (!work) {
      work = ownHeavyWork(this.index.checker, this.program, fn, this.origins);
      this.ownCache.set(fn, work);
    }
    return work;
  }

  /**
   * Why calling this synchronous function is CPU-heavy, or null, following calls
   * at most `depth` functions deep (`fn` is the first; the rule's meta.chainDepth).
   */
  heavyPathOf(fn: FunctionLike, depth: number): HeavyPath | null {
    return memoAt(this.pathCache, depth).get(fn, () => this.computePath(fn, depth));
  }

  private computePath(fn: FunctionLike, depth: number): HeavyPath | null {
    const checker = this.index.checker;
    const name = functionName(fn);
    const self = exponentialSelfCalls(checker, fn);
    if (self >= 2) {
      const named = (fn as { name?: ts.Node }).name ?? (ts.isVariableDeclaration(fn.parent) ? fn.parent.name : fn);
      return { work: { node: fn, start: named.getStart(), end: named.getEnd(), what: `${name}() calls itself ${self === 2 ? 'twice' : `${self} times`} per call, so its cost grows exponentially with its input` }, steps: [] };
    }
    const own = this.ownWork(fn)[0];
    if (own) return { work: own, steps: [] };
    return this.pathThroughCalls(fn, [], depth);
  }

  /** The first call in `fn` that reaches heavy work, skipping calls inside the given loops. */
  private pathThroughCalls(fn: FunctionLike, skipped: readonly ts.Node[], depth: number): HeavyPath | null {
    if (depth <= 1) return null;
    let found: HeavyPath | null = null;
    const name = functionName(fn);
    const file = fn.getSourceFile().fileName;
    forEachNodeIn(this.index.checker, this.program, fn, (node) => {
      if (found) return false;
      if (skipped.includes(node)) return false;
      if (!ts.isCallExpression(node) && !ts.isNewExpression(node)) return true;
      const calleeName = calleeNameOf(node);
      if (!calleeName || !this.mayBeHeavy(calleeName)) return true;
      const target = this.index.resolveCallee(node);
      if (target.kind !== 'user' || target.declaration === fn || !isSynchronous(target.declaration)) return true;
      const inner = this.callPathOf(node, target.declaration, depth - 1);
      if (inner) {
        found = { work: inner.work, steps: [{ caller: name, callee: functionName(target.declaration), file, start: node.getStart(), end: node.getEnd() }, ...inner.steps] };
        return false;
      }
      return true;
    });
    return found;
  }

  /**
   * Why this call of a synchronous function is CPU-heavy, or null: the callee's
   * heavy path, less the nested loops whose outer collection the call site
   * proves empty (`if (g.parents.size === 0) g.remove()`). The checker is asked
   * about guards only on call edges into functions heavy by such loops.
   */
  callPathOf(call: ts.CallExpression | ts.NewExpression, callee: FunctionLike, depth: number): HeavyPath | null {
    const path = this.heavyPathOf(callee, depth);
    if (!path || path.steps.length > 0 || !path.work.outerCollection) return path;
    return memoAt(this.callCache, depth).get(call, () => {
      const checker = this.index.checker;
      const emptied = this.ownWork(callee).filter((w) => w.outerCollection && isEmptyAtCall(checker, call, callee, w.outerCollection));
      if (emptied.length === 0) return path;
      // Only the reasons the guard covers go; the work inside the skipped loops never runs either.
      const rest = this.ownWork(callee).find((w) => !emptied.some((e) => e === w || isInside(w.node, e.node)));
      return rest ? { work: rest, steps: [] } : this.pathThroughCalls(callee, emptied.map((w) => w.node), depth);
    });
  }
}

function memoAt<V>(byDepth: Map<number, ReachMemo<ts.Node, V>>, depth: number): ReachMemo<ts.Node, V> {
  let memo = byDepth.get(depth);
  if (!memo) byDepth.set(depth, (memo = new ReachMemo()));
  return memo;
}

/** The heavy-work summaries for the index's current program. */
export function heavyWorkIndexOf(index: TsProjectIndex): HeavyWorkIndex {
  return index.perProgram(HeavyWorkIndex, (program) => new HeavyWorkIndex(index, program));
}
