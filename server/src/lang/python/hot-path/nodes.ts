/** Small syntax-tree helpers of the hot-path readings. */
import type { PyModule } from '../model';
import { type PyNode, walkAll } from '../syntax';

/** Whether `node` or a node inside it satisfies `test`. */
export function some(node: PyNode, test: (n: PyNode) => boolean): boolean {
  if (test(node)) return true;
  let yes = false;
  walkAll(node, (m) => {
    if (!yes && test(m)) yes = true;
    return !yes;
  });
  return yes;
}

export function isInsideNode(n: PyNode, outer: PyNode): boolean {
  return n.start >= outer.start && n.end <= outer.end;
}

export function textOf(module: PyModule, n: PyNode): string {
  const t = module.text.slice(n.start, n.end).replace(/\s+/g, ' ');
  return t.length > 40 ? `${t.slice(0, 37)}...` : t;
}
