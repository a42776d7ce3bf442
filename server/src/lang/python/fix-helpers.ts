/**
 * Small text-edit helpers shared by the Python quick fixes.
 */
import type { OffsetEdit } from '../../core/finding';
import type { PyModule } from './model';
import type { PyNode } from './syntax';

/** Whether a module-level name is bound to the given imported module/name. */
export function importsAs(module: PyModule, localName: string, qname: string): boolean {
  const b = module.globals.get(localName);
  return !!b && b.length > 0 && b.every((x) => x.kind === 'import' && x.qname === qname);
}

/**
 * An edit inserting `line` (without newline) where imports go: before the first
 * import that is not `from __future__`, else after the module docstring, else at the top.
 */
export function addImportEdit(module: PyModule, line: string): OffsetEdit {
  let at = 0;
  for (const stmt of module.root.children) {
    if (stmt.type === 'import_statement' || (stmt.type === 'import_from_statement' && !/^from\s+__future__\b/.test(module.text.slice(stmt.start, stmt.end)))) {
      at = lineStart(module.text, stmt.start);
      return { start: at, end: at, newText: `${line}\n` };
    }
  }
  let prologueEnd = 0;
  for (const stmt of module.root.children) {
    const isDoc = stmt.type === 'expression_statement' && stmt.children[0]?.type === 'string';
    const isFuture = stmt.type === 'import_from_statement';
    if (isDoc || isFuture) prologueEnd = lineEnd(module.text, stmt.end);
    else break;
  }
  return prologueEnd > 0 ? { start: prologueEnd, end: prologueEnd, newText: `\n${line}` } : { start: 0, end: 0, newText: `${line}\n` };
}

export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

export function lineEnd(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i === -1 ? text.length : i;
}

/** The indentation of the line a node starts on. */
export function indentOf(text: string, node: PyNode): string {
  const start = lineStart(text, node.start);
  return /^[ \t]*/.exec(text.slice(start, node.start))![0];
}

/** Ensures `import asyncio` is available; returns the edit to add it, if needed. */
export function ensureAsyncioImport(module: PyModule): OffsetEdit[] {
  return importsAs(module, 'asyncio', 'asyncio') ? [] : [addImportEdit(module, 'import asyncio')];
}
