/** What a cross-function fact reaches, and the chain of calls down to it (the diagnostic's related information). */
import type { RelatedLocation } from '../../../core/finding';
import type { ChainStep } from '../../../core/reachability';
import { canonical } from '../apis';
import type { PyFunction, PyModule } from '../model';
import type { PyNode } from '../syntax';

/**
 * One hop of a chain: the chain step both languages share (`caller` calls `callee`
 * at `[start, end)` of `file`), with the node and module that the Python checks
 * look at again (the queue guard, the name-lookup test) and its related message.
 */
export interface PyChainStep extends ChainStep {
  module: PyModule;
  node: PyNode;
  message: string;
}

/** The step for `node`, a call (or the work) in `fn` that reaches `callee`. */
export function stepAt(fn: PyFunction, node: PyNode, callee: string, message: string): PyChainStep {
  return { caller: fn.name, callee, file: fn.module.file, start: node.start, end: node.end, module: fn.module, node, message };
}

export interface Reach {
  /** What is reached, e.g. `time.sleep()` or `nested loops over input`. */
  what: string;
  alternative?: string;
  /** For heavy work: where its collections come from, and the fix. */
  detail?: string;
  /** For nested loops: the inner one is a lookup by key. */
  lookup?: boolean;
  /** Why it blocks, for the finding's detail. */
  why?: string;
  steps: PyChainStep[];
}
export function textOf(module: PyModule, node: PyNode | undefined): string {
  return node ? module.text.slice(node.start, node.end) : '';
}

export function shortName(qname: string): string {
  return canonical(qname).split('.').pop() ?? qname;
}

export function toRelated(steps: readonly PyChainStep[]): RelatedLocation[] {
  return steps.map((s) => ({ file: s.file, start: s.start, end: s.end, message: s.message }));
}
