// Scenario 1: a TS file with a blocking call in an async function gets one Loopwise
// diagnostic with the right range, code, documentation link and hover text.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateLoopwise, codeOf, loopwiseDiagnostics, openFile, rangeOf, waitForDiagnostics } from '../helpers';

const RULE = 'blocking-call-in-async';

describe('scenario diagnostics: blocking-call-in-async in a TypeScript file', () => {
  let editor: vscode.TextEditor;
  let diagnostic: vscode.Diagnostic;

  before(async () => {
    await activateLoopwise();
    editor = await openFile('src/config-loader.ts');
    [diagnostic] = await waitForDiagnostics(editor.document.uri, (d) => d.length > 0, 'a Loopwise diagnostic');
  });

  it('flags only the call inside the async function', () => {
    const all = loopwiseDiagnostics(editor.document.uri);
    assert.equal(all.length, 1, `expected one diagnostic, got: ${all.map((d) => d.message).join(' | ')}`);
    assert.deepEqual(diagnostic.range, rangeOf(editor.document, "readFileSync(path, 'utf8')"));
  });

  it('carries the rule id as its code, a link to the rule docs and a warning severity', () => {
    assert.equal(codeOf(diagnostic), RULE);
    const code = diagnostic.code;
    assert.ok(typeof code === 'object' && code !== null, 'the code has a codeDescription target');
    // A command link: the docs open rendered, in the Markdown preview (scenario "editor").
    assert.equal(code.target.toString(true), `command:loopwise.showRuleDocs?["${RULE}"]`);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
  });

  // VS Code's hover over a squiggle shows the diagnostic's message with its source and
  // code; the screenshot script shows that hover on screen.
  it('names the problem in a short message and explains it, with the alternative, in the detail', () => {
    assert.match(diagnostic.message, /^'fs\.readFileSync' blocks the event loop in async '\w+'$/);
    const detail = diagnostic.relatedInformation?.[0];
    assert.ok(detail, 'the detail is the first related information');
    assert.equal(detail.location.uri.toString(), editor.document.uri.toString());
    assert.match(detail.message, /holds up every other request, timer and callback\./);
    assert.match(detail.message, /Use fs\.promises\.readFile instead\.$/);
    assert.equal(diagnostic.source, 'loopwise');
  });
});
