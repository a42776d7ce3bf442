// Scenario "smoke": proves the harness itself, the real `vscode` API in an extension
// host with the scenario workspace open, before any Loopwise feature is involved.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

describe('smoke: the extension host', () => {
  it('opens the scenario workspace and the manifest is loaded', () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder is open');
    assert.equal(path.basename(folder.uri.fsPath), 'smoke');
    const extension = vscode.extensions.getExtension('loopwise.loopwise');
    assert.ok(extension, 'the Loopwise extension under development is known to the host');
    assert.equal(extension.packageJSON.name, 'loopwise');
  });

  it('reads a fixture file through the workspace API', async () => {
    const [uri] = await vscode.workspace.findFiles('hello.ts');
    assert.ok(uri, 'hello.ts is found');
    const document = await vscode.workspace.openTextDocument(uri);
    assert.equal(document.languageId, 'typescript');
    assert.match(document.getText(), /export function greet/);
  });
});
