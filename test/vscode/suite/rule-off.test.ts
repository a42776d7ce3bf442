// Scenario 3b: `.vscode/settings.json` turns the rule off for the folder. The test turns
// it on through the configuration API (proving the file is analysed and the setting
// alone hid the finding), then writes settings.json back as a person would.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateLoopwise, loopwiseDiagnostics, openFile, setWorkspaceSetting, waitForDiagnostics, workspaceUri } from '../helpers';

describe('scenario rule-off: the rule is off in .vscode/settings.json', () => {
  it('reports nothing while settings.json says off, and follows edits to it', async () => {
    await activateLoopwise();
    const settingsUri = workspaceUri('.vscode/settings.json');
    const original = await vscode.workspace.fs.readFile(settingsUri);
    assert.deepEqual(vscode.workspace.getConfiguration('loopwise').get('rules'), { 'blocking-call-in-async': 'off' });

    const editor = await openFile('src/cache.ts');
    const uri = editor.document.uri;
    assert.deepEqual(loopwiseDiagnostics(uri), []);

    await setWorkspaceSetting('rules', { 'blocking-call-in-async': 'warning' });
    const [diagnostic] = await waitForDiagnostics(uri, (d) => d.length === 1, 'the diagnostic once the rule is on');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);

    await vscode.workspace.fs.writeFile(settingsUri, original);
    await waitForDiagnostics(uri, (d) => d.length === 0, 'the diagnostic to disappear once settings.json says off again');
  });
});
