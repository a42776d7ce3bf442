// Calls to heavy functions whose guard does not prove the outer loop's collection empty. The heavy
// work is reported once, at the helper in lib/graph-node.ts, with these calls as related information.
import { GraphNode, pairUp } from './lib/graph-node';

// No guard at all.
export async function dropAll(nodes: GraphNode[]): Promise<void> {
  for (const node of nodes) node.remove();
}

// A guard on a collection the loops do not run over.
export async function dropUntagged(nodes: GraphNode[]): Promise<void> {
  for (const node of nodes) {
    if (node.tags.length === 0) node.remove();
  }
}

// A guard on the inner collection only.
export async function dropLeaves(nodes: GraphNode[]): Promise<void> {
  for (const node of nodes) {
    if (node.childCount === 0) node.remove();
  }
}

// `!== 0`: the call runs when the collection has elements.
export async function dropLinked(nodes: GraphNode[]): Promise<void> {
  for (const node of nodes) {
    if (node.parentCount() !== 0) node.remove();
  }
}

// Another node's parents are empty, not this one's.
export async function dropOther(node: GraphNode, other: GraphNode): Promise<void> {
  if (other.parents.size === 0) node.remove();
}

// The branch gives the node a parent before the call.
export async function dropAfterLink(node: GraphNode, root: GraphNode): Promise<void> {
  if (node.parents.size === 0) {
    node.addParent(root);
    node.remove();
  }
}

// The guard covers the parents nest; the tags nest still runs.
export async function relabelOrphan(node: GraphNode): Promise<void> {
  if (node.parentCount() === 0) node.relabel();
}

// A parameter guarded on the inner list only.
export async function pairWithNothing(left: string[], right: string[]): Promise<string[]> {
  if (right.length === 0) return pairUp(left, right);
  return [];
}


// One guard, many calls: a call may give the node parents for the next one.
export async function dropRepeatedly(node: GraphNode, times: number): Promise<void> {
  if (node.parents.size === 0) {
    for (let i = 0; i < times; i++) node.remove();
  }
}
