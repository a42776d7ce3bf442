/** Applies offset edits to a text, and type-checks a file's text in its real project. */
import { Project, ts } from 'ts-morph';
import type { OffsetEdit } from '../../server/src/core/finding';

export function applyEdits(text: string, edits: readonly OffsetEdit[]): string {
  const sorted = [...edits].map((e, i) => ({ ...e, i })).sort((a, b) => b.start - a.start || b.i - a.i);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

const projects = new Map<string, Project>();

/** The compiler's error messages for `file` if its text were `text`. */
export function typeErrors(tsconfig: string, file: string, text: string): string[] {
  let project = projects.get(tsconfig);
  if (!project) {
    project = new Project({ tsConfigFilePath: tsconfig });
    projects.set(tsconfig, project);
  }
  const sf = project.getSourceFile(file) ?? project.addSourceFileAtPath(file);
  sf.replaceWithText(text);
  return project.getProgram().compilerObject
    .getSemanticDiagnostics(sf.compilerNode)
    .concat(project.getProgram().compilerObject.getSyntacticDiagnostics(sf.compilerNode))
    .filter((d) => d.category === ts.DiagnosticCategory.Error)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}
