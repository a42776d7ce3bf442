// Calls to heavy functions made only when the collection their outer loop runs
// over is empty: the nested loops never start.
import { GraphNode, pairUp } from './lib/graph-node';

// The count read directly.
export async function pruneOrphans(nodes: GraphNode[]): Promise<void> {
  for (const node of nodes) {
    if (node.parents.size === 0) node.remove();
  }
}

// Through a method whose whole body is `return this.parents.size`, with other work in the branch.
export async function pruneByMethod(nodes: GraphNode[], removed: GraphNode[]): Promise<void> {
  for (const node of nodes) {
    if (node.parentCount() === 0) {
      removed.push(node);
      node.remove();
    }
  }
}

// Early continue while the collection is not empty.
export async function pruneAfterContinue(nodes: GraphNode[]): Promise<void> {
  for (const node of nodes) {
    if (node.parentCount() > 0) continue;
    node.remove();
  }
}

// A falsy count, the right side of `&&`, and `< 1`.
export async function pruneShortForms(nodes: GraphNode[]): Promise<void> {
  for (const node of nodes) {
    if (!node.parents.size) node.remove();
    node.parents.size < 1 && node.remove();
  }
}

// A parameter: the outer loop runs over the first argument, which is empty here.
export async function pairNothing(left: string[], right: string[]): Promise<string[]> {
  if (left.length !== 0) return [];
  return pairUp(left, right);
}

// Both of relabel()'s nests start from an empty collection: the parents and, for the counted loop, the tags.
export async function relabelBare(node: GraphNode): Promise<void> {
  if (node.parentCount() === 0 && node.tags.length === 0) node.relabel();
}
