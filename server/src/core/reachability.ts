/**
 * Reachability over a call graph, the same for both languages: the step type of a
 * call chain, and the memo that every "what does this function reach" search
 * (blocking calls, heavy work, process starts) runs through.
 */

/** One call in a chain: `caller` calls `callee` at `[start, end)` of `file`. */
export interface ChainStep {
  /** Function the step's call is in. */
  caller: string;
  /** What that call calls. */
  callee: string;
  file: string;
  start: number;
  end: number;
}

const IN_PROGRESS: unique symbol = Symbol('in progress');

/**
 * Results of a recursive search, computed once per key. A key asked for again
 * while its own search runs (a cycle in the call graph) reads as null: going
 * round a cycle finds nothing a shorter walk does not. If the search throws,
 * nothing is kept for the key and the error goes on to the rule boundary.
 */
export class ReachMemo<K, V> {
  private readonly results = new Map<K, V | null | typeof IN_PROGRESS>();

  get(key: K, search: () => V | null): V | null {
    const cached = this.results.get(key);
    if (cached === IN_PROGRESS) return null;
    if (cached !== undefined) return cached;
    this.results.set(key, IN_PROGRESS);
    let found: V | null | typeof IN_PROGRESS = IN_PROGRESS;
    try {
      found = search();
      return found;
    } finally {
      if (found === IN_PROGRESS) this.results.delete(key);
      else this.results.set(key, found);
    }
  }

  clear(): void {
    this.results.clear();
  }
}
