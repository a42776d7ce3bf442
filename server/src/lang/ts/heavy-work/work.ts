/** What the heavy-work analysis reports: the heavy work itself, and the chain of calls down to it. */
import { ts } from '../compiler';
import type { ChainStep } from '../../../core/reachability';

export interface HeavyWork {
  /** What makes it heavy, as a phrase: "nested loops over `items` and `products` (O(n²))". */
  what: string;
  /** The node to report: a loop header, a call. */
  node: ts.Node;
  start: number;
  end: number;
  /** The why and the fix, for the finding's detail, when the work has more to say than `what`. */
  detail?: string;
  /**
   * For nested loops: the collection the outer loop runs over, when an empty one
   * means no iterations at all (`for (x of c)`, `c.forEach(…)`, `for (i = 0; i < c.length; …)`).
   */
  outerCollection?: ts.Expression;
}

/** Why calling a synchronous function is CPU-heavy: the calls down to the heavy work. */
export interface HeavyPath {
  work: HeavyWork;
  steps: ChainStep[];
}
