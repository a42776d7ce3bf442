/**
 * Finds or adds an import for a quick fix, in the file's own module style:
 * extends an existing `import { … }` or `const { … } = require(…)` of the same
 * module, else adds a statement after the file's last import or require.
 */
import { ts } from './compiler';
import type { OffsetEdit } from '../../core/finding';
import { requiredModule } from './ast';

export interface ImportPlan {
  /** The expression to use for the export in the file: `readFile`, `fsp.readFile`, … */
  expression: string;
  edits: OffsetEdit[];
}

function specOf(statement: ts.Statement): { spec: string; statement: ts.Statement } | undefined {
  if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
    return { spec: statement.moduleSpecifier.text, statement };
  }
  if (ts.isVariableStatement(statement)) {
    for (const decl of statement.declarationList.declarations) {
      const spec = decl.initializer && requiredModule(decl.initializer);
      if (spec) return { spec, statement };
    }
  }
  return undefined;
}

/** Whether the file is written as an ES module (imports) or CommonJS (require). */
export function usesEsModules(sourceFile: ts.SourceFile): boolean {
  const file = sourceFile.fileName;
  if (/\.c[jt]s$/.test(file)) return false;
  if (/\.m[jt]s$/.test(file)) return true;
  let hasImport = false;
  let hasRequire = false;
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) hasImport = true;
    else if (specOf(statement)) hasRequire = true;
  }
  if (hasImport) return true;
  if (hasRequire) return false;
  return /\.tsx?$/.test(file);
}

/** `node:fs` if the file already writes core modules with the `node:` prefix, else `fs`. */
export function preferredSpecifier(sourceFile: ts.SourceFile, module: string): string {
  for (const statement of sourceFile.statements) {
    const found = specOf(statement);
    if (found?.spec.startsWith('node:')) return `node:${module}`;
  }
  return module;
}

function isDeclaredAtTopLevel(sourceFile: ts.SourceFile, name: string): boolean {
  const locals = (sourceFile as unknown as { locals?: Map<string, unknown> }).locals;
  return locals?.has(name) ?? false;
}

/**
 * An expression naming `exportName` of `module` (with or without `node:`), and the
 * edits that make it valid in this file.
 */
export function planImport(sourceFile: ts.SourceFile, module: string, exportName: string): ImportPlan {
  const specs = new Set([module, `node:${module}`]);
  let lastImport: ts.Statement | undefined;
  for (const statement of sourceFile.statements) {
    const found = specOf(statement);
    if (!found) continue;
    lastImport = statement;
    if (!specs.has(found.spec)) continue;
    if (ts.isImportDeclaration(statement) && statement.importClause && !statement.importClause.isTypeOnly) {
      const clause = statement.importClause;
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) return { expression: `${bindings.name.text}.${exportName}`, edits: [] };
      if (bindings && ts.isNamedImports(bindings)) {
        const existing = bindings.elements.find((e) => (e.propertyName ?? e.name).text === exportName && !e.isTypeOnly);
        if (existing) return { expression: existing.name.text, edits: [] };
        if (!isDeclaredAtTopLevel(sourceFile, exportName) && bindings.elements.length > 0) {
          const last = bindings.elements[bindings.elements.length - 1];
          return { expression: exportName, edits: [{ start: last.getEnd(), end: last.getEnd(), newText: `, ${exportName}` }] };
        }
      }
      if (clause.name && !bindings) return { expression: `${clause.name.text}.${exportName}`, edits: [] };
    }
    if (ts.isVariableStatement(statement)) {
      for (const decl of statement.declarationList.declarations) {
        if (!decl.initializer || !specs.has(requiredModule(decl.initializer) ?? '')) continue;
        if (ts.isIdentifier(decl.name)) return { expression: `${decl.name.text}.${exportName}`, edits: [] };
        if (ts.isObjectBindingPattern(decl.name)) {
          const existing = decl.name.elements.find((e) => ts.isIdentifier(e.propertyName ?? e.name) && ((e.propertyName ?? e.name) as ts.Identifier).text === exportName);
          if (existing && ts.isIdentifier(existing.name)) return { expression: existing.name.text, edits: [] };
          if (!isDeclaredAtTopLevel(sourceFile, exportName) && decl.name.elements.length > 0) {
            const last = decl.name.elements[decl.name.elements.length - 1];
            return { expression: exportName, edits: [{ start: last.getEnd(), end: last.getEnd(), newText: `, ${exportName}` }] };
          }
        }
      }
    }
  }
  const local = isDeclaredAtTopLevel(sourceFile, exportName) ? `${exportName}Async` : exportName;
  const spec = preferredSpecifier(sourceFile, module);
  const esm = usesEsModules(sourceFile);
  const binding = local === exportName ? exportName : esm ? `${exportName} as ${local}` : `${exportName}: ${local}`;
  const text = esm ? `import { ${binding} } from '${spec}';` : `const { ${binding} } = require('${spec}');`;
  if (lastImport) return { expression: local, edits: [insertInOrder(sourceFile, spec, text)] };
  const first = sourceFile.statements.find((s) => !(ts.isExpressionStatement(s) && ts.isStringLiteral(s.expression)));
  const at = first ? first.getStart(sourceFile) : sourceFile.getEnd();
  return { expression: local, edits: [{ start: at, end: at, newText: `${text}\n\n` }] };
}

/** Relative specifiers form one group, everything else (core modules, packages) the other. */
const isRelative = (spec: string) => spec.startsWith('.');

/**
 * Where the file keeps its imports, in its order: among the imports of the same group
 * (core and packages, or relative), in sorted place when that group is sorted, else
 * after its last one; a first core import goes before the relative ones.
 */
function insertInOrder(sourceFile: ts.SourceFile, spec: string, text: string): OffsetEdit {
  const imports = sourceFile.statements.map(specOf).filter((x): x is { spec: string; statement: ts.Statement } => x !== undefined);
  const group = imports.filter((i) => isRelative(i.spec) === isRelative(spec));
  const after = (st: ts.Statement): OffsetEdit => ({ start: st.getEnd(), end: st.getEnd(), newText: `\n${text}` });
  const before = (st: ts.Statement): OffsetEdit => {
    const at = st.getStart(sourceFile);
    return { start: at, end: at, newText: `${text}\n` };
  };
  if (group.length > 0) {
    const sorted = group.every((g, i) => i === 0 || group[i - 1].spec <= g.spec);
    const next = sorted ? group.find((g) => g.spec > spec) : undefined;
    return next ? before(next.statement) : after(group[group.length - 1].statement);
  }
  const firstRelative = imports.find((i) => isRelative(i.spec));
  return !isRelative(spec) && firstRelative ? before(firstRelative.statement) : after(imports[imports.length - 1].statement);
}

/**
 * When the named import `identifier` is bound by is used nowhere but at `replaced`
 * (the checker's symbol, not the spelling, decides), the edits that make a fix leave
 * no unused import: rename it to `renameTo` (an export of the same module), or
 * delete an import statement that holds only it. Otherwise no edits.
 */
export function retireImport(sourceFile: ts.SourceFile, checker: ts.TypeChecker, identifier: ts.Identifier, replaced: ts.Node, renameTo?: string): { edits: OffsetEdit[]; renamed: boolean } {
  const none = { edits: [], renamed: false };
  const symbol = checker.getSymbolAtLocation(identifier);
  const declaration = symbol?.declarations?.[0];
  if (!symbol || !declaration || !ts.isImportSpecifier(declaration) || declaration.isTypeOnly) return none;
  const statement = declaration.parent.parent.parent;
  if (!ts.isImportDeclaration(statement) || statement.importClause?.isTypeOnly || statement.parent !== sourceFile) return none;
  let used = false;
  const visit = (node: ts.Node): void => {
    if (used || node === statement || (node.pos >= replaced.pos && node.end <= replaced.end)) return;
    if (ts.isIdentifier(node) && node.text === identifier.text && checker.getSymbolAtLocation(node) === symbol) used = true;
    else if (ts.isShorthandPropertyAssignment(node) && node.name.text === identifier.text) used = true;
    else node.forEachChild(visit);
  };
  sourceFile.forEachChild(visit);
  if (used) return none;
  if (renameTo) {
    if (isDeclaredAtTopLevel(sourceFile, renameTo)) return none;
    return { edits: [{ start: declaration.getStart(sourceFile), end: declaration.getEnd(), newText: renameTo }], renamed: true };
  }
  const specifiers = declaration.parent.elements;
  if (specifiers.length !== 1 || statement.importClause?.name) return none;
  const start = statement.getStart(sourceFile);
  const text = sourceFile.text;
  const end = text[statement.getEnd()] === '\n' ? statement.getEnd() + 1 : statement.getEnd();
  return { edits: [{ start, end, newText: '' }], renamed: false };
}
