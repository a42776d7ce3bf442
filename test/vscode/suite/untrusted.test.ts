// Scenario 6: in an untrusted (restricted-mode) workspace, linting still works and
// Profile Selection, which runs the user's code, refuses with a clear message.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateLoopwise, openFile, rangeOf, waitForDiagnostics } from '../helpers';

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
    editor.selection = new vscode.Selection(fibRange.start, fibRange.end);
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('loopwise.profileSelection', { args: [[20]] })),
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        assert.match(message, /trust/i, `message was: ${message}`);
        return true;
      },
    );
  });
});
