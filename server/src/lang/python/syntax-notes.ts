/**
 * What the Python parser could not read, as a note for the file. tree-sitter
 * recovers from errors and the rules run on what it recovered (as they do for
 * TypeScript), so the file's findings stay, but a file with a syntax error or
 * a TabError is not what Python would run, and the note says so.
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { PyNode } from './syntax';

/** The first ERROR or MISSING node, and how many there are; walks only subtrees that have errors. */
export function syntaxErrors(tree: Tree): { count: number; line: number; missing?: string } | undefined {
  if (!tree.rootNode.hasError) return undefined;
  let count = 0;
  let first: { line: number; missing?: string } | undefined;
  const stack: Node[] = [tree.rootNode];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.isError || node.isMissing) {
      count++;
      if (!first || node.startPosition.row + 1 < first.line) {
        first = { line: node.startPosition.row + 1, missing: node.isMissing ? node.type : undefined };
      }
      if (node.isMissing) continue;
    }
    if (!node.hasError && !node.isError) continue;
    for (let i = node.childCount - 1; i >= 0; i--) {
      const child = node.child(i);
      if (child) stack.push(child);
    }
  }
  return first && { count: Math.max(count, 1), ...first };
}

/**
 * The first line whose indentation mixes tabs and spaces so that its meaning
 * depends on the tab size: the check CPython's tokenizer makes (each
 * indentation compared at tab size 8 and tab size 1; they must agree) before it
 * raises TabError. Only lines that start a statement count, as in Python.
 */
export function inconsistentIndentation(root: PyNode, text: string): number | undefined {
  const starts: number[] = [];
  const stack: PyNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'module' || node.type === 'block') {
      for (const child of node.children) starts.push(child.start);
    }
    for (const child of node.children) stack.push(child);
  }
  if (!/\t/.test(text)) return undefined;
  starts.sort((a, b) => a - b);
  const cols = [0];
  const alts = [0];
  let lastLine = -1;
  // Line numbers counted as the starts go by (they are sorted), not from the top each time.
  let line = 1;
  let counted = 0;
  for (const start of starts) {
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    if (lineStart === lastLine) continue;
    const indent = text.slice(lineStart, start);
    // A statement after another on the same line (`if x: y`), or after a continuation.
    if (!/^[ \t\f]*$/.test(indent)) continue;
    lastLine = lineStart;
    let col = 0;
    let alt = 0;
    for (const c of indent) {
      if (c === ' ') { col++; alt++; }
      else if (c === '\t') { col = (Math.floor(col / 8) + 1) * 8; alt++; }
      else if (c === '\f') { col = 0; alt = 0; }
    }
    for (let k = text.indexOf('\n', counted); k !== -1 && k < lineStart; k = text.indexOf('\n', k + 1)) line++;
    counted = lineStart;
    let top = cols.length - 1;
    if (col === cols[top]) {
      if (alt !== alts[top]) return line;
    } else if (col > cols[top]) {
      if (alt <= alts[top]) return line;
      cols.push(col);
      alts.push(alt);
    } else {
      while (top > 0 && col < cols[top]) {
        cols.pop();
        alts.pop();
        top--;
      }
      if (col === cols[top] && alt !== alts[top]) return line;
    }
  }
  return undefined;
}
