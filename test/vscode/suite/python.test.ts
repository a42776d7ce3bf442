// Scenario 4: the Python side of scenarios 1-3: a blocking call in `async def` is
// flagged with its code and docs link, the quick fix awaits asyncio.sleep instead, a
// suppression comment hides a call, and the rule set to off hides the rest.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateLoopwise, codeOf, openFile, quickFixesAt, rangeOf, setWorkspaceSetting, waitForDiagnostics } from '../helpers';

const RULE = 'blocking-call-in-async';

describe('scenario python: blocking-call-in-async in a Python file', () => {
  let editor: vscode.TextEditor;

  before(async () => {
    await activateLoopwise();
    editor = await openFile('poller.py');
    assert.equal(editor.document.languageId, 'python');
  });

  it('flags time.sleep in async def, and not the suppressed one', async () => {
    const diagnostics = await waitForDiagnostics(editor.document.uri, (d) => d.length > 0, 'a Loopwise diagnostic');
    assert.equal(diagnostics.length, 1, `one diagnostic: ${diagnostics.map((d) => d.message).join(' | ')}`);
    const [diagnostic] = diagnostics;
    assert.deepEqual(diagnostic.range, rangeOf(editor.document, 'time.sleep(interval)'));
    assert.equal(codeOf(diagnostic), RULE);
    const code = diagnostic.code;
    assert.ok(typeof code === 'object' && code !== null, 'the code has a codeDescription target');
    // A command link: the docs open rendered, in the Markdown preview (scenario "editor").
    assert.equal(code.target.toString(true), `command:loopwise.showRuleDocs?["${RULE}"]`);
    assert.match(diagnostic.message, /^'time\.sleep\(\)' blocks the event loop in 'async def poll'$/);
    // The why and the replacement are the detail: the first related information, at the call.
    assert.match(diagnostic.relatedInformation?.[0]?.message ?? '', /Use await asyncio\.sleep\(\)/);
  });

  it('removes the diagnostic when the rule is off through the configuration API, and restores it', async () => {
    const uri = editor.document.uri;
    const restore = await setWorkspaceSetting('rules', { [RULE]: 'off' });
    try {
      await waitForDiagnostics(uri, (d) => d.length === 0, 'the diagnostic to disappear with the rule off');
    } finally {
      await restore();
    }
    await waitForDiagnostics(uri, (d) => d.length === 1, 'the diagnostic to come back with the rule on');
  });

  it('applies the asyncio.sleep quick fix and the diagnostic disappears', async () => {
    const uri = editor.document.uri;
    const [diagnostic] = await waitForDiagnostics(uri, (d) => d.length === 1, 'the diagnostic');
    const actions = await quickFixesAt(uri, diagnostic.range);
    const fix = actions.find((a) => a.kind?.value === vscode.CodeActionKind.QuickFix.value && /asyncio\.sleep/.test(a.title));
    assert.ok(fix?.edit, `an asyncio.sleep quick fix with an edit; actions: ${actions.map((a) => a.title).join(' | ')}`);
    const expected = editor.document.getText().replace('        time.sleep(interval)\n', '        await asyncio.sleep(interval)\n');
    assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
    assert.equal(editor.document.getText(), expected);
    await waitForDiagnostics(uri, (d) => d.length === 0, 'the diagnostic to disappear after the fix');
  });

  it('the fix for the only use of time imports asyncio and drops import time, in one edit VS Code accepts', async () => {
    // The import edits sit at the top of the file, beside each other: VS Code refuses a
    // workspace edit whose ranges overlap, so applyEdit is the check.
    const sleeper = await openFile('sleeper.py');
    const uri = sleeper.document.uri;
    const [diagnostic] = await waitForDiagnostics(uri, (d) => d.length === 1, 'the time.sleep diagnostic in sleeper.py');
    const actions = await quickFixesAt(uri, diagnostic.range);
    const fix = actions.find((a) => a.kind?.value === vscode.CodeActionKind.QuickFix.value && /asyncio\.sleep/.test(a.title));
    assert.ok(fix?.edit, `an asyncio.sleep quick fix with an edit; actions: ${actions.map((a) => a.title).join(' | ')}`);
    const expected = sleeper.document.getText()
      .replace('import time\n', 'import asyncio\n')
      .replace('    time.sleep(seconds)\n', '    await asyncio.sleep(seconds)\n');
    assert.equal(await vscode.workspace.applyEdit(fix.edit), true, 'VS Code applied the edit');
    assert.equal(sleeper.document.getText(), expected);
    await waitForDiagnostics(uri, (d) => d.length === 0, 'the diagnostic to disappear after the fix');
  });
});
