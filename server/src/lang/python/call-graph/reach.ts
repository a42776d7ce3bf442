/** What a cross-function fact reaches, and the chain of calls down to it (the diagnostic's related information). */
import type { RelatedLocation } from '../../../core/finding';
import { canonical } from '../apis';
import type { PyModule } from '../model';
import type { PyNode } from '../syntax';

/** One hop of a chain: a call made in `fn` at `node`. */
export interface ChainStep {
  module: PyModule;
  /** The function the call is made in. */
  fn: string;
  node: PyNode;
  message: string;
}

export interface Reach {
  /** What is reached, e.g. `time.sleep()` or `nested loops over input`. */
  what: string;
  alternative?: string;
  /** Why it blocks, for the finding's detail. */
  why?: string;
  steps: ChainStep[];
}
export function textOf(module: PyModule, node: PyNode | undefined): string {
  return node ? module.text.slice(node.start, node.end) : '';
}

export function shortName(qname: string): string {
  return canonical(qname).split('.').pop() ?? qname;
}

export function toRelated(steps: ChainStep[]): RelatedLocation[] {
  return steps.map((s) => ({ file: s.module.file, start: s.node.start, end: s.node.end, message: s.message }));
}
