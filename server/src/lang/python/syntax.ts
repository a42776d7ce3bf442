/**
 * A plain-object copy of the tree-sitter tree. Rules walk the tree many times,
 * and every property read on a web-tree-sitter `Node` crosses into wasm; one
 * cursor pass that copies what the rules need is much cheaper than that.
 */
import type { Language, Tree } from 'web-tree-sitter';
import { UnanalysableFileError } from '../../core/errors';

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

/**
 * What the grammar says about each node type, so the copy asks the cursor less:
 * every cursor read is a call into wasm with the cursor marshalled each time,
 * which is most of what copying a tree costs.
 */
interface GrammarTables {
  /** By type id: 1 named, 2 anonymous, 0 not asked yet. */
  named: Uint8Array;
  /** Named types none of whose children has a field name. */
  fieldless: Set<string>;
  /** Named types none of whose anonymous children (operators) has a field name. */
  anonFieldless: Set<string>;
}

/** Terminals of the Python grammar: tokens, which never have children. */
const TOKEN_TYPES = new Set([
  'identifier', 'integer', 'float', 'true', 'false', 'none', 'string_start', 'string_end', 'escape_sequence',
  'escape_interpolation', 'ellipsis', 'type_conversion', 'line_continuation',
]);

interface NodeTypeInfo {
  type: string;
  named: boolean;
  fields?: Record<string, { types: { type: string; named: boolean }[] }>;
}

/** The children of every leaf: frozen, since nothing may add to it. */
const NO_CHILDREN: PyNode[] = Object.freeze([]) as unknown as PyNode[];

const grammarTables = new WeakMap<Language, GrammarTables>();

function tablesFor(language: Language): GrammarTables {
  let tables = grammarTables.get(language);
  if (!tables) {
    // The grammar package's own description of its node types, the same version as the
    // `.wasm` (esbuild inlines it into the bundle). Types it does not list (ERROR) are asked about.
    const nodeTypes = require('tree-sitter-python/src/node-types.json') as NodeTypeInfo[];
    const fieldless = new Set<string>();
    const anonFieldless = new Set<string>();
    for (const t of nodeTypes) {
      if (!t.named) continue;
      const fields = Object.values(t.fields ?? {});
      if (fields.length === 0) fieldless.add(t.type);
      if (!fields.some((f) => f.types.some((x) => !x.named))) anonFieldless.add(t.type);
    }
    tables = { named: new Uint8Array(0x10000), fieldless, anonFieldless };
    grammarTables.set(language, tables);
  }
  return tables;
}

/** Copies the tree into `PyNode`s without recursion, so deep input cannot blow the stack. */
export function copyTree(tree: Tree, text: string): PyNode {
  const language = tree.language;
  const typeNames = language.types;
  const { named, fieldless, anonFieldless } = tablesFor(language);
  const cursor = tree.walk();
  try {
    const root: PyNode = {
      type: cursor.nodeType, start: cursor.startIndex, end: cursor.endIndex, field: null, parent: null, children: [], ops: undefined, isAsync: undefined, text: undefined,
    };
    const stack: PyNode[] = [root];
    if (!cursor.gotoFirstChild()) return root;
    // Children are gathered on one shared list and each node gets an exact-size copy when
    // it is done: an array grown by `push` reserves 16 slots, and most nodes have one to three.
    const gathered: PyNode[] = [];
    const firstChild: number[] = [0];
    const finish = (): void => {
      const done = stack.pop()!;
      const from = firstChild.pop()!;
      done.children = gathered.length > from ? gathered.slice(from) : done === root ? [] : NO_CHILDREN;
      gathered.length = from;
    };
    for (;;) {
      const parent = stack[stack.length - 1];
      // `nodeType` and `nodeIsNamed` read from the type id, once.
      const id = cursor.nodeTypeId;
      const type = typeNames[id] || 'ERROR';
      let isNamed = named[id];
      if (isNamed === 0) named[id] = isNamed = language.nodeTypeIsNamed(id) ? 1 : 2;
      let descended = false;
      if (isNamed === 1) {
        if (type !== 'comment') {
          const start = cursor.startIndex;
          const end = cursor.endIndex;
          const field = fieldless.has(parent.type) ? null : cursor.currentFieldName;
          // Every node gets every property, so they all share one shape (property reads in
          // the walks stay monomorphic); leaves share one empty child list.
          const node: PyNode = {
            type, start, end, field, parent, children: NO_CHILDREN, ops: undefined, isAsync: undefined,
            text: LEAF_TEXT.has(type) ? text.slice(start, end) : undefined,
          };
          gathered.push(node);
          if (!TOKEN_TYPES.has(type) && cursor.gotoFirstChild()) {
            stack.push(node);
            firstChild.push(gathered.length);
            if (stack.length > MAX_TREE_DEPTH) {
              throw new UnanalysableFileError(`skipped: the syntax tree nests more than ${MAX_TREE_DEPTH} levels deep`);
            }
            descended = true;
          }
        }
      } else if (type === 'async') {
        parent.isAsync = true;
      } else if ((!anonFieldless.has(parent.type) && cursor.currentFieldName) || type === 'not' || type === 'in' || type === 'is') {
        // `not in` / `is not` in comparisons carry no field name in some grammar versions.
        if (parent.ops) parent.ops.push(type);
        else parent.ops = [type];
      }
      if (descended) continue;
      while (!cursor.gotoNextSibling()) {
        finish();
        if (stack.length === 0 || !cursor.gotoParent()) {
          while (stack.length > 0) finish();
          return root;
        }
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
