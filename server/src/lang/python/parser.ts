/**
 * Loads web-tree-sitter and the tree-sitter-python grammar once per process, and
 * parses Python text, reusing the previous tree when the text was edited.
 *
 * The `.wasm` files sit next to the bundled `dist/server.js`; when running from
 * `out/` (tests) or from source they are resolved from `node_modules`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Parser, Tree } from 'web-tree-sitter';
// `require`, not `import`: bundled into the CommonJS server, the package's ESM build
// would need `import.meta.url`, which esbuild leaves undefined there.
import TreeSitter = require('web-tree-sitter');

let ready: Promise<Parser> | undefined;

function locateWasm(fileName: string, packageFile: string): string {
  const beside = join(__dirname, fileName);
  if (existsSync(beside)) return beside;
  return require.resolve(packageFile);
}

/** The shared parser; tree-sitter's wasm runtime is initialised on first use. */
export function loadPythonParser(): Promise<Parser> {
  ready ??= (async () => {
    const runtime = locateWasm('web-tree-sitter.wasm', 'web-tree-sitter/web-tree-sitter.wasm');
    await TreeSitter.Parser.init({ locateFile: () => runtime });
    const language = await TreeSitter.Language.load(locateWasm('tree-sitter-python.wasm', 'tree-sitter-python/tree-sitter-python.wasm'));
    const parser = new TreeSitter.Parser();
    parser.setLanguage(language);
    return parser;
  })();
  return ready;
}

/**
 * Parses `text`. With the previous text and tree, the edit between them is found
 * (one contiguous changed span, which is what a keystroke or a paste produces) and
 * applied to the old tree so tree-sitter re-parses only what changed.
 */
export function parsePython(parser: Parser, text: string, previous?: { text: string; tree: Tree }): Tree {
  let oldTree: Tree | null = null;
  if (previous) {
    const edit = diffAsEdit(previous.text, text);
    if (edit) {
      oldTree = previous.tree;
      oldTree.edit(edit);
    } else {
      return previous.tree;
    }
  }
  const tree = parser.parse(text, oldTree);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

/** The single edit turning `before` into `after`, or undefined when they are equal. */
export function diffAsEdit(before: string, after: string): InstanceType<typeof TreeSitter.Edit> | undefined {
  if (before === after) return undefined;
  let start = 0;
  const min = Math.min(before.length, after.length);
  while (start < min && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let oldEnd = before.length;
  let newEnd = after.length;
  while (oldEnd > start && newEnd > start && before.charCodeAt(oldEnd - 1) === after.charCodeAt(newEnd - 1)) {
    oldEnd--;
    newEnd--;
  }
  return new TreeSitter.Edit({
    startIndex: start,
    oldEndIndex: oldEnd,
    newEndIndex: newEnd,
    startPosition: pointAt(before, start),
    oldEndPosition: pointAt(before, oldEnd),
    newEndPosition: pointAt(after, newEnd),
  });
}

function pointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}
