/**
 * A plain-object copy of the tree-sitter tree. Rules walk the tree many times,
 * and every property read on a web-tree-sitter `Node` crosses into wasm; one
 * cursor pass that copies what the rules need is much cheaper than that.
 */
import type { Tree } from 'web-tree-sitter';
import { UnanalysableFileError } from '../engine/backend';

export interface PyNode {
  type: string;
  start: number;
  end: number;
  /** Field name in the parent (`function`, `arguments`, `body`, ...), or null. */
  field: string | null;
  parent: PyNode | null;
  /** Named children, in order. */
  children: PyNode[];
  /** Anonymous tokens held in a field, e.g. the `+=` of an augmented assignment. */
  ops?: string[];
  /** `async def`, `async for`, `async with`. */
  isAsync?: boolean;
  /** Source text of identifiers and other small leaves. */
  text?: string;
}

/** Deeper trees are refused; real code stays far below this. */
export const MAX_TREE_DEPTH = 600;

const LEAF_TEXT = new Set(['identifier', 'integer', 'float', 'string_content', 'true', 'false', 'none', 'keyword_identifier']);

/** Copies the tree into `PyNode`s without recursion, so deep input cannot blow the stack. */
export function copyTree(tree: Tree, text: string): PyNode {
  const cursor = tree.walk();
  try {
    const root: PyNode = { type: cursor.nodeType, start: cursor.startIndex, end: cursor.endIndex, field: null, parent: null, children: [] };
    const stack: PyNode[] = [root];
    if (!cursor.gotoFirstChild()) return root;
    for (;;) {
      const parent = stack[stack.length - 1];
      const type = cursor.nodeType;
      let descended = false;
      if (cursor.nodeIsNamed) {
        if (type !== 'comment') {
          const start = cursor.startIndex;
          const end = cursor.endIndex;
          const node: PyNode = { type, start, end, field: cursor.currentFieldName, parent, children: [] };
          if (LEAF_TEXT.has(type)) node.text = text.slice(start, end);
          parent.children.push(node);
          if (cursor.gotoFirstChild()) {
            stack.push(node);
            if (stack.length > MAX_TREE_DEPTH) {
              throw new UnanalysableFileError(`skipped: the syntax tree nests more than ${MAX_TREE_DEPTH} levels deep`);
            }
            descended = true;
          }
        }
      } else if (type === 'async') {
        parent.isAsync = true;
      } else if (cursor.currentFieldName) {
        (parent.ops ??= []).push(type);
      } else if (type === 'not' || type === 'in' || type === 'is') {
        // `not in` / `is not` in comparisons carry no field name in some grammar versions.
        (parent.ops ??= []).push(type);
      }
      if (descended) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return root;
        stack.pop();
        if (stack.length === 0) return root;
      }
    }
  } finally {
    cursor.delete();
  }
}

export function child(node: PyNode, field: string): PyNode | undefined {
  for (const c of node.children) if (c.field === field) return c;
  return undefined;
}

export function childrenOf(node: PyNode, field: string): PyNode[] {
  return node.children.filter((c) => c.field === field);
}

/** Nodes that open a new scope: code inside them does not run where they appear. */
export const SCOPE_TYPES = new Set(['function_definition', 'lambda', 'class_definition']);

/**
 * Visits `node`'s descendants in source order, without entering nested scopes
 * (those are visited themselves, but not their insides). Return false to skip a
 * node's children.
 */
export function walkOwn(node: PyNode, visit: (n: PyNode) => boolean | void): void {
  const stack: PyNode[] = [];
  for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (visit(n) === false) continue;
    if (SCOPE_TYPES.has(n.type)) continue;
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
}

/** Like `walkOwn`, but visits `node` itself first. */
export function walkSelf(node: PyNode, visit: (n: PyNode) => boolean | void): void {
  if (visit(node) === false || SCOPE_TYPES.has(node.type)) return;
  walkOwn(node, visit);
}

/** Visits every descendant, nested scopes included. */
export function walkAll(node: PyNode, visit: (n: PyNode) => boolean | void): void {
  const stack: PyNode[] = [];
  for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (visit(n) === false) continue;
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
}

/** Strips parentheses: `((x))` is `x`. */
export function unparen(node: PyNode): PyNode {
  let n = node;
  while (n.type === 'parenthesized_expression' && n.children.length === 1) n = n.children[0];
  return n;
}

export function isInside(node: PyNode, ancestor: PyNode): boolean {
  for (let n: PyNode | null = node; n; n = n.parent) if (n === ancestor) return true;
  return false;
}

/** The dotted name of `a.b.c` built from identifiers only, else undefined. */
export function dottedName(node: PyNode): string | undefined {
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') {
    const obj = child(node, 'object');
    const attr = child(node, 'attribute');
    if (!obj || !attr) return undefined;
    const left = dottedName(obj);
    return left === undefined ? undefined : `${left}.${attr.text}`;
  }
  return undefined;
}
