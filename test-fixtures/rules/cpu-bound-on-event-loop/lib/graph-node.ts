// A graph node whose removal links every parent to every child: O(parents × children).
export class GraphNode {
  readonly parents = new Set<GraphNode>();
  readonly children = new Set<GraphNode>();
  readonly tags: string[] = [];

  parentCount(): number {
    return this.parents.size;
  }

  get childCount(): number {
    return this.children.size;
  }

  addParent(parent: GraphNode): void {
    this.parents.add(parent);
    parent.children.add(this);
  }

  remove(): void {
    for (const parent of this.parents) {
      parent.children.delete(this);
      for (const child of this.children) {
        parent.children.add(child);
        child.parents.add(parent);
      }
    }
    for (const child of this.children) child.parents.delete(this);
  }

  // Two reasons to be heavy: the parents × children nest and the tags × children nest.
  relabel(): void {
    for (const parent of this.parents) {
      for (const child of this.children) child.tags.push(...parent.tags);
    }
    for (let i = 0; i < this.tags.length; i++) {
      for (const child of this.children) child.tags.push(this.tags[i]);
    }
  }
}

// Every pair of the two lists.
export function pairUp(left: string[], right: string[]): string[] {
  const out: string[] = [];
  for (const a of left) {
//^^^^^^^^^^^^^^^^^^^^^ cpu-bound-on-event-loop
    for (const b of right) if (a !== b) out.push(a + b);
  }
  return out;
}
