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
  if (lastImport) {
    return { expression: local, edits: [{ start: lastImport.getEnd(), end: lastImport.getEnd(), newText: `\n${text}` }] };
  }
  const first = sourceFile.statements.find((s) => !(ts.isExpressionStatement(s) && ts.isStringLiteral(s.expression)));
  const at = first ? first.getStart(sourceFile) : sourceFile.getEnd();
  return { expression: local, edits: [{ start: at, end: at, newText: `${text}\n\n` }] };
}
