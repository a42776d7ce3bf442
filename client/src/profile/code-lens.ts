/**
 * "Profile this function" above each top-level function that carries a
 * `loopwise-profile-args` comment (its inputs are stated, so one click runs it), and,
 * with `loopwise.profiler.codeLens.exportedFunctions`, above every exported one.
 * Only in trusted workspaces: profiling runs the code. The profiler engine (and its
 * parser) is loaded only for a file that can have a lens.
 */
import * as vscode from 'vscode';
import type * as Engine from '../../../server/src/profiler/index';
import { PROFILER_DEFAULTS, PROFILER_SETTINGS_SECTION } from '../../../server/src/profiler/protocol';

export class ProfileCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly loadEngine: () => typeof Engine) {}

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!vscode.workspace.isTrusted || document.uri.scheme !== 'file') return [];
    const exported = vscode.workspace.getConfiguration(PROFILER_SETTINGS_SECTION, document.uri).get<boolean>('codeLens.exportedFunctions', PROFILER_DEFAULTS['codeLens.exportedFunctions']);
    const text = document.getText();
    if (!exported && !text.includes('loopwise-profile-args')) return [];
    let targets: Engine.ListedTarget[];
    try {
      targets = this.loadEngine().listProfileTargets(text, document.uri.fsPath);
    } catch {
      // Source the parser cannot read gets no lens; the diagnostics say why.
      return [];
    }
    return targets
      .filter((t) => t.found.argsComment !== undefined || (exported && t.exported))
      .map((t) => {
        const line = document.lineAt(Math.min(t.found.line, document.lineCount - 1));
        return new vscode.CodeLens(line.range, {
          title: t.found.argsComment !== undefined ? 'Profile this function' : 'Profile this function…',
          tooltip: t.found.argsComment !== undefined ? `Profile ${t.found.name} with the arguments in its loopwise-profile-args comment` : `Profile ${t.found.name}; asks for its arguments`,
          command: 'loopwise.profileFunction',
          arguments: [document.uri, t.found.line],
        });
      });
  }
}
