/** Wires Profile Selection into the extension; `extension.ts` calls this once on activation. */
import * as vscode from 'vscode';
import { ProfileController, type ProfileCommandOptions } from './profile-command';

export function registerProfiler(context: vscode.ExtensionContext): void {
  const controller = new ProfileController(context);
  context.subscriptions.push(
    controller,
    // Returns the ProfileResult, so extension tests can run the command and inspect it.
    // From the editor's context menu the first argument is the document's URI instead.
    vscode.commands.registerCommand('loopwise.profileSelection', (options?: unknown) =>
      controller.profileSelection(options && typeof options === 'object' && 'args' in options ? (options as ProfileCommandOptions) : {}),
    ),
  );
}
