/** Type-checks a file's text in its real project, as a fix's result is checked. */
import { Project, ts } from 'ts-morph';

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
