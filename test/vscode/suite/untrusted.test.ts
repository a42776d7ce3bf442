// Scenario 6: in an untrusted (restricted-mode) workspace, linting still works and
// Profile Selection, which runs the user's code, refuses with a clear message.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateLoopwise, EXTENSION_ID, openFile, rangeOf, waitForDiagnostics } from '../helpers';

describe('scenario untrusted: restricted mode', () => {
  let editor: vscode.TextEditor;

  before(async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the workspace opens untrusted');
    await activateLoopwise();
    editor = await openFile('src/session.ts');
  });

  it('still reports diagnostics', async () => {
    const [diagnostic] = await waitForDiagnostics(editor.document.uri, (d) => d.length === 1, 'the diagnostic in restricted mode');
    assert.deepEqual(diagnostic.range, rangeOf(editor.document, 'readFileSync(`/tmp/sessions/${id}.json`, \'utf8\')'));
  });

  it('refuses Profile Selection with a message that says why', async () => {
    const fibRange = rangeOf(editor.document, 'export function fib');
    editor.selection = new vscode.Selection(fibRange.start, fibRange.start);
    // Both the test and the extension under test get this extension's API object from
    // the host, so wrapping its message functions shows what a person would be told.
    const shown: string[] = [];
    const window = vscode.window as { -readonly [K in keyof typeof vscode.window]: (typeof vscode.window)[K] };
    const originals = { warning: window.showWarningMessage, error: window.showErrorMessage, info: window.showInformationMessage };
    const record = (original: (...a: never[]) => Thenable<unknown>) => ((message: string, ...rest: never[]) => {
      shown.push(message);
      return original(message as never, ...rest);
    }) as never;
    window.showWarningMessage = record(originals.warning);
    window.showErrorMessage = record(originals.error);
    window.showInformationMessage = record(originals.info);
    let result: unknown;
    try {
      result = await vscode.commands.executeCommand('loopwise.profileSelection', { args: '[[20]]' });
    } finally {
      window.showWarningMessage = originals.warning;
      window.showErrorMessage = originals.error;
      window.showInformationMessage = originals.info;
    }
    assert.equal(result, undefined, 'no profile result in an untrusted workspace');
    // Loaded from the repo, Loopwise shares this test's API object, so the wrapper saw
    // its message. Installed from a .vsix it has its own, and the e2e driver reads the
    // notification on screen instead.
    const loopwise = vscode.extensions.getExtension(EXTENSION_ID);
    if (loopwise && __dirname.startsWith(loopwise.extensionPath)) {
      assert.equal(shown.length, 1, `one message; shown: ${JSON.stringify(shown)}`);
      assert.match(shown[0], /trusted workspace/i);
    }
  });

  it('declares the command for trusted workspaces only', () => {
    const manifest = vscode.extensions.getExtension('loopwise.loopwise')?.packageJSON as { contributes: { commands: { command: string; enablement?: string }[] } };
    const command = manifest.contributes.commands.find((c) => c.command === 'loopwise.profileSelection');
    assert.equal(command?.enablement, 'isWorkspaceTrusted');
  });
});
