/**
 * Checks a quick fix the way a user would meet it: apply its offset edits to the
 * file's text, then type-check the result in ts-morph's in-memory file system
 * (with @types/node loaded), and compare the errors with the original's.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Project, ts } from 'ts-morph';
import type { OffsetEdit } from '../../server/src/core/finding';

/** Applies edits given in offsets of the original text (from the end, so offsets stay valid). */
export function applyOffsetEdits(text: string, edits: readonly OffsetEdit[]): string {
  const sorted = edits.map((e, i) => ({ ...e, i })).sort((a, b) => b.start - a.start || b.i - a.i);
  for (let k = 1; k < sorted.length; k++) {
    if (sorted[k].end > sorted[k - 1].start) throw new Error(`overlapping edits at ${sorted[k].start}-${sorted[k].end}`);
  }
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

let project: Project | undefined;

function typesProject(): Project {
  if (project) return project;
  project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.Node16,
      moduleResolution: ts.ModuleResolutionKind.Node16,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      allowJs: true,
      types: ['node'],
      typeRoots: ['/node_modules/@types'],
      lib: ['lib.es2022.d.ts'],
    },
  });
  const fs = project.getFileSystem();
  const copy = (from: string, to: string) => {
    for (const entry of readdirSync(from)) {
      const path = join(from, entry);
      if (statSync(path).isDirectory()) copy(path, join(to, entry));
      else if (entry.endsWith('.d.ts') || entry === 'package.json') fs.writeFileSync(join(to, entry), readFileSync(path, 'utf8'));
    }
  };
  const modules = join(dirname(require.resolve('ts-morph/package.json')), '..');
  copy(join(modules, '@types', 'node'), '/node_modules/@types/node');
  copy(join(modules, 'undici-types'), '/node_modules/undici-types');
  return project;
}

/** Type errors of `text` as file `name` (other files it imports can be given in `siblings`). */
export function typeErrorsInMemory(name: string, text: string, siblings: Record<string, string> = {}): string[] {
  const p = typesProject();
  for (const [file, content] of Object.entries(siblings)) p.createSourceFile(`/src/${file}`, content, { overwrite: true });
  const sf = p.createSourceFile(`/src/${name}`, text, { overwrite: true });
  const program = p.getProgram().compilerObject;
  const diagnostics = [...program.getSyntacticDiagnostics(sf.compilerNode), ...program.getSemanticDiagnostics(sf.compilerNode)];
  return diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/** Errors in `after` that `before` did not have. */
export function newTypeErrors(name: string, before: string, after: string, siblings: Record<string, string> = {}): string[] {
  const old = new Set(typeErrorsInMemory(name, before, siblings));
  return typeErrorsInMemory(name, after, siblings).filter((e) => !old.has(e));
}
