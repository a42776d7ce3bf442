// Scenario 2: the quick fix, fetched through vscode.executeCodeActionProvider and applied
// through its WorkspaceEdit, rewrites the call and the diagnostic goes away.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateLoopwise, codeOf, openFile, quickFixesAt, waitForDiagnostics } from '../helpers';

const EXPECTED_AFTER_FIX = `// Scenario "quick-fix": the fix turns the blocking read into an awaited fs.promises call.
import * as fs from 'node:fs';

export async function readReport(path: string): Promise<string> {
  const body = await fs.promises.readFile(path, 'utf8');
  return body.trim();
}

// A request handler reaches it: a file-system call is reported with such hot-path evidence.
import { createServer } from 'node:http';
export const server = createServer(async (req, res) => res.end(await readReport(String(req.url))));
`;

describe('scenario quick-fix: replacing a blocking call', () => {
  it('applies the preferred fix and the diagnostic disappears', async () => {
    await activateLoopwise();
    const editor = await openFile('src/report.ts');
    const uri = editor.document.uri;
    const [diagnostic] = await waitForDiagnostics(uri, (d) => d.length === 1, 'the blocking-call-in-async diagnostic');
    assert.equal(codeOf(diagnostic), 'blocking-call-in-async');

        const actions = await quickFixesAt(uri, diagnostic.range);
    // The host drops `diagnostics` from the actions it returns, and may add its own
    // (e.g. AI "Fix"/"Explain"), so pick Loopwise's fix by kind and title.
    const fixes = actions.filter((a) => a.kind?.value === vscode.CodeActionKind.QuickFix.value && /fs\.promises\.readFile/.test(a.title));
    assert.equal(fixes.length, 1, `one fs.promises quick fix; actions: ${actions.map((a) => `${a.kind?.value}: ${a.title}`).join(' | ')}`);
    const [fix] = fixes;
    assert.equal(fix.isPreferred, true, 'the fix is preferred, so Ctrl+. applies it first');
    assert.ok(fix.edit, `the fix "${fix.title}" carries a WorkspaceEdit`);

    assert.equal(await vscode.workspace.applyEdit(fix.edit), true, 'the edit applies');
    if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
    assert.equal(editor.document.getText(), EXPECTED_AFTER_FIX);
    await waitForDiagnostics(uri, (d) => d.length === 0, 'the diagnostic to disappear after the fix');
  });
});
