/**
 * Small text-edit helpers shared by the Python quick fixes.
 */
import type { OffsetEdit } from '../../core/finding';
import { lineEndAt, lineStartAt } from '../../core/positions';
import type { PyModule } from './model';
import { walkAll, type PyNode } from './syntax';

/** Whether a module-level name is bound to the given imported module/name. */
export function importsAs(module: PyModule, localName: string, qname: string): boolean {
  const b = module.globals.get(localName);
  return !!b && b.length > 0 && b.every((x) => x.kind === 'import' && x.qname === qname);
}

/**
 * An edit inserting `line` (without newline) where the file keeps its imports: in
 * sorted place among sorted imports, else after the last import (never before a
 * `from __future__`), else after the module docstring, else at the top.
 */
export function addImportEdit(module: PyModule, line: string): OffsetEdit {
  const imports = module.root.children.filter((stmt) => stmt.type === 'import_statement' || (stmt.type === 'import_from_statement' && !/^from\s+__future__\b/.test(module.text.slice(stmt.start, stmt.end))));
  if (imports.length > 0) {
    // In the file's order: sorted imports get the line in its sorted place; others get it after the last one.
    const texts = imports.map((stmt) => module.text.slice(stmt.start, stmt.end));
    const sorted = texts.every((t, i) => i === 0 || texts[i - 1].toLowerCase() <= t.toLowerCase());
    const before = sorted ? imports.find((_, i) => texts[i].toLowerCase() > line.toLowerCase()) : undefined;
    if (before) {
      const at = lineStartAt(module.text, before.start);
      return { start: at, end: at, newText: `${line}\n` };
    }
    const at = lineEndAt(module.text, imports[imports.length - 1].end);
    return { start: at, end: at, newText: `\n${line}` };
  }
  let prologueEnd = 0;
  for (const stmt of module.root.children) {
    const isDoc = stmt.type === 'expression_statement' && stmt.children[0]?.type === 'string';
    const isFuture = stmt.type === 'import_from_statement';
    if (isDoc || isFuture) prologueEnd = lineEndAt(module.text, stmt.end);
    else break;
  }
  return prologueEnd > 0 ? { start: prologueEnd, end: prologueEnd, newText: `\n${line}` } : { start: 0, end: 0, newText: `${line}\n` };
}


/** The indentation of the line a node starts on. */
export function indentOf(text: string, node: PyNode): string {
  const start = lineStartAt(text, node.start);
  return /^[ \t]*/.exec(text.slice(start, node.start))![0];
}

/**
 * Import insertions and import removals of one fix as edits that do not overlap: an
 * insertion that falls inside a removed import statement (the new import goes after
 * the last import, and that is the one removed) replaces that statement instead.
 * Overlapping edits are invalid in an LSP WorkspaceEdit.
 */
export function importEdits(added: readonly OffsetEdit[], removed: readonly OffsetEdit[]): OffsetEdit[] {
  const out = [...removed];
  for (const add of added) {
    const i = out.findIndex((r) => r.newText === '' && r.start < r.end && r.start <= add.start && add.start <= r.end);
    if (i < 0) out.push(add);
    else out[i] = { ...out[i], newText: `${add.newText.replace(/^\n|\n$/g, '')}\n` };
  }
  return out;
}

/** Ensures `import asyncio` is available; returns the edit to add it, if needed. */
export function ensureAsyncioImport(module: PyModule): OffsetEdit[] {
  return importsAs(module, 'asyncio', 'asyncio') ? [] : [addImportEdit(module, 'import asyncio')];
}

/**
 * The edit that deletes the module-level `import <name>` / `from x import <name>` once a
 * fix has replaced `replaced`, the only other mention of `name` in the module. Only a
 * statement that imports that one name goes, and only when no other identifier in
 * the file spells it (a shadowing local counts as a use: keeping an import is safe,
 * removing a used one is not).
 */
export function removeImportIfUnused(module: PyModule, name: string, replaced: PyNode): OffsetEdit[] {
  const bindings = module.globals.get(name);
  if (!bindings || bindings.length !== 1 || bindings[0].kind !== 'import') return [];
  let statement: PyNode | null = bindings[0].node;
  while (statement && statement.type !== 'import_statement' && statement.type !== 'import_from_statement') statement = statement.parent;
  if (!statement || statement.parent !== module.root) return [];
  const imported = statement.children.filter((c) => c.field === 'name');
  if (imported.length !== 1) return [];
  if (isUsedOutside(module, name, [statement, replaced])) return [];
  const start = lineStartAt(module.text, statement.start);
  const end = Math.min(module.text.length, lineEndAt(module.text, statement.end) + 1);
  return [{ start, end, newText: '' }];
}

/** Whether an identifier spelled `name` occurs in the module outside the given nodes. */
export function isUsedOutside(module: PyModule, name: string, outside: readonly PyNode[]): boolean {
  let used = false;
  walkAll(module.root, (n) => {
    if (used) return false;
    if (outside.some((o) => n === o || (n.start >= o.start && n.end <= o.end))) return false;
    if (n.type === 'identifier' && n.text === name) used = true;
    return true;
  });
  return used;
}
