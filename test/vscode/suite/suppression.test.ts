// Scenario 3a: a suppression comment hides one finding, and turning the rule off through
// the configuration API hides the rest until it is turned back on.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateLoopwise, openFile, rangeOf, setWorkspaceSetting, waitForDiagnostics } from '../helpers';

describe('scenario suppression: comments and settings', () => {
  let editor: vscode.TextEditor;

  before(async () => {
    await activateLoopwise();
    editor = await openFile('src/uploads.ts');
  });

  it('flags the call without a comment and leaves the suppressed one alone', async () => {
    const [diagnostic, ...rest] = await waitForDiagnostics(editor.document.uri, (d) => d.length > 0, 'a Loopwise diagnostic');
    assert.deepEqual(rest, [], 'only one diagnostic: the suppressed call is not reported');
    assert.deepEqual(diagnostic.range, rangeOf(editor.document, 'readFileSync(path)'));
  });

  it('removes the diagnostic when the rule is set to off through the configuration API, and restores it', async () => {
    const uri = editor.document.uri;
    const restore = await setWorkspaceSetting('rules', { 'blocking-call-in-async': 'off' });
    try {
      await waitForDiagnostics(uri, (d) => d.length === 0, 'the diagnostic to disappear with the rule off');
    } finally {
      await restore();
    }
    const back = await waitForDiagnostics(uri, (d) => d.length === 1, 'the diagnostic to come back with the rule on');
    assert.deepEqual(back[0].range, rangeOf(editor.document, 'readFileSync(path)'));
  });
});
