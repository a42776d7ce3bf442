/** Wires Profile Selection into the extension; `extension.ts` calls this once on activation. */
import * as vscode from 'vscode';
import { ProfileController, type ProfileCommandOptions } from './profile-command';
import { ProfileCodeLensProvider } from './code-lens';

const PROFILABLE_SELECTOR = ['typescript', 'typescriptreact', 'javascript', 'javascriptreact', 'python'].map((language) => ({ scheme: 'file', language }));

export function registerProfiler(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): ProfileController {
  const controller = new ProfileController(context, log);
  const lenses = new ProfileCodeLensProvider(() => controller.engine());
  context.subscriptions.push(
    controller,
    // Returns the ProfileResult, so extension tests can run the command and inspect it.
    // From the editor's context menu the first argument is the document's URI instead.
    vscode.commands.registerCommand('loopwise.profileSelection', (options?: unknown) =>
      controller.profileSelection(options && typeof options === 'object' && 'args' in options ? (options as ProfileCommandOptions) : {}),
    ),
    // The code lens's command: puts the cursor on the function, then profiles as above.
    vscode.commands.registerCommand('loopwise.profileFunction', async (uri: vscode.Uri, line: number, options?: ProfileCommandOptions) => {
      const editor = await vscode.window.showTextDocument(uri, { preserveFocus: false });
      const position = new vscode.Position(line, editor.document.lineAt(line).firstNonWhitespaceCharacterIndex);
      editor.selection = new vscode.Selection(position, position);
      return controller.profileSelection(options ?? {});
    }),
    vscode.languages.registerCodeLensProvider(PROFILABLE_SELECTOR, lenses),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('loopwise.profiler.codeLens') && lenses.refresh()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => lenses.refresh()),
    vscode.commands.registerCommand('loopwise.cancelProfile', () => controller.cancel()),
  );
  return controller;
}
