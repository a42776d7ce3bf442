// Scenario 5: Profile Selection on a CPU-bound function, with the task arguments given
// as the command's argument (no input box), returns a result with a cpu-bound verdict
// and opens the Loopwise Profile panel.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { activateLoopwise, onScreen, openFile, rangeOf, screenDriverAvailable, waitFor, workspaceRoot } from '../helpers';

interface ProfileRun {
  mode: string;
  workers: number;
  speedup: number;
  matchesSequential: boolean;
  results: unknown[];
}
interface ProfileResult {
  function: string;
  classification: string;
  runs: ProfileRun[];
  best: { mode: string; workers: number; speedup: number };
  startedAt: number | string;
}

const ARGS = '[[80000000],[80000000],[80000000],[80000000]]';
/** A second, shorter profile of the same function, to compare with the first. */
const SHORT_ARGS = '[[20000000],[20000000],[20000000],[20000000]]';

function profileTab(label: string): vscode.Tab | undefined {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .find((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('loopwise.profile') && tab.label === label);
}

interface PanelState {
  history: Array<{ id: number; label: string; outcome: string; summary: string }>;
  shown?: { entry: { id: number; outcome: string }; result?: ProfileResult; failure?: { kind: string } };
  compare?: { left: { entry: { id: number }; result: ProfileResult }; right: { entry: { id: number }; result: ProfileResult } };
}
interface Profiler {
  panelState(): PanelState;
  exportResult(id: number, kind: 'json' | 'trace', target?: vscode.Uri): Promise<vscode.Uri | undefined>;
  exportFolder(): Promise<vscode.Uri>;
}

describe('scenario profile: Profile Selection on a CPU-bound function', () => {
  let result: ProfileResult | undefined;
  let profiler: Profiler;

  before(async function () {
    this.timeout(180_000);
    assert.equal(vscode.workspace.isTrusted, true, 'profiling needs a trusted workspace');
    profiler = ((await activateLoopwise()).exports as { profiler: Profiler }).profiler;
    const editor = await openFile('src/checksum.ts');
    const name = rangeOf(editor.document, 'mixRounds');
    editor.selection = new vscode.Selection(name.start, name.start);
    result = await vscode.commands.executeCommand<ProfileResult | undefined>('loopwise.profileSelection', { args: ARGS });
  });

  it('returns a result for the function under the cursor', () => {
    assert.ok(result, 'the command resolved with a result (undefined means it failed or was refused)');
    assert.equal(result.function, 'mixRounds');
    const sequential = result.runs.find((r) => r.mode === 'sequential');
    assert.ok(sequential, 'a sequential run');
    assert.equal(sequential.results.length, 4, 'one result per task');
    assert.ok(result.runs.some((r) => r.mode === 'worker-pool' && r.workers >= 2), 'a worker-pool run with 2 or more workers');
    assert.ok(result.runs.every((r) => r.matchesSequential), 'every run gives the sequential results');
  });

  it('classifies the function as cpu-bound', () => {
    assert.equal(result?.classification, 'cpu-bound');
  });

  it('opens the Loopwise Profile panel for it', async () => {
    const tab = await waitFor(() => profileTab('Profile: mixRounds'), 'the profile panel tab');
    assert.equal(tab.group.activeTab, tab, 'the panel is the visible tab of its group');
  });

  it('a new profile clears the panel at once, and Cancel shows "cancelled", not a failure', async function () {
    this.timeout(120_000);
    const done = profiler.panelState().history.find((h) => h.outcome === 'done');
    assert.ok(done, 'the first profile is in the history');
    const pending = vscode.commands.executeCommand<ProfileResult | undefined>('loopwise.profileSelection', { args: '[[4000000000],[4000000000],[4000000000],[4000000000]]' });
    const running = await waitFor(() => {
      const s = profiler.panelState();
      return s.shown?.entry.outcome === 'running' ? s : undefined;
    }, 'the panel to show the new profile running');
    assert.equal(running.shown?.result, undefined, 'no previous result under the new run');
    assert.equal(await vscode.commands.executeCommand('loopwise.cancelProfile'), true);
    assert.equal(await pending, undefined);
    const after = profiler.panelState();
    assert.equal(after.shown?.entry.outcome, 'cancelled');
    assert.equal(after.shown?.failure?.kind, 'cancelled');
    assert.deepEqual(after.history.map((h) => h.outcome), ['cancelled', 'done']);
  });

  it('compares two finished profiles of the session side by side, picked in the panel', async function () {
    if (!screenDriverAvailable()) this.skip();
    this.timeout(180_000);
    const first = result!;
    const second = await vscode.commands.executeCommand<ProfileResult | undefined>('loopwise.profileSelection', { args: SHORT_ARGS });
    assert.ok(second, 'the second profile finished');
    const done = profiler.panelState().history.filter((h) => h.outcome === 'done');
    assert.equal(done.length, 2, 'two finished profiles in the history');
    // As a person would: "Compare with" in the panel, the other finished profile.
    const seen = await onScreen<{ heading: string; columns: string[]; rows: string[]; header: string[] }>('profile.compare');
    const compare = profiler.panelState().compare;
    assert.ok(compare, 'the panel state holds the comparison');
    assert.deepEqual([compare.left.entry.id, compare.right.entry.id].sort(), done.map((h) => h.id).sort(), 'the two finished profiles are compared');
    assert.equal(compare.left.result.startedAt, second.startedAt, 'the shown (newest) profile is on the left');
    assert.equal(seen.heading, 'Side by side');
    assert.equal(seen.columns.length, 2, `two columns: ${JSON.stringify(seen.columns)}`);
    // Each column shows its own profile: the function and its best speedup.
    const [left, right] = seen.columns;
    assert.match(left, /^mixRounds · /);
    assert.match(right, /^mixRounds · /);
    assert.ok(left.includes(`${second.best.speedup.toFixed(2)}×`), `the left column has the second profile's best ${second.best.speedup.toFixed(2)}×: ${left}`);
    assert.ok(right.includes(`${first.best.speedup.toFixed(2)}×`), `the right column has the first profile's best ${first.best.speedup.toFixed(2)}×: ${right}`);
    // One row per mode with both wall times and the change between them.
    assert.equal(seen.header.length, 4, JSON.stringify(seen.header));
    const sequential = seen.rows.find((r) => r.startsWith('sequential'));
    assert.ok(sequential, `a sequential row: ${JSON.stringify(seen.rows)}`);
    assert.match(sequential, /^sequential [\d.]+ [\d.]+ [−+]\d+%$/);
    const closed = await onScreen<{ compare: number; verdict: string }>('profile.closeCompare');
    assert.equal(closed.compare, 0, 'the comparison is gone');
    assert.equal(profiler.panelState().compare, undefined);
  });

  it('Export in the panel proposes a file outside the workspace, and the notification opens it', async function () {
    if (!screenDriverAvailable()) this.skip();
    this.timeout(120_000);
    const shown = profiler.panelState().shown;
    assert.equal(shown?.entry.outcome, 'done', 'a finished profile is shown');
    const folder = await profiler.exportFolder();
    const seen = await onScreen<{ title: string; proposed: string; message: string; buttons: string[] }>('profile.export', { label: 'Export profile as JSON', button: 'Open', match: 'saved the profile of mixRounds' });
    assert.match(seen.title, /Export the profile of mixRounds as JSON/);
    assert.ok(!seen.proposed.startsWith(workspaceRoot()), `the proposed ${seen.proposed} is outside ${workspaceRoot()}`);
    assert.equal(path.dirname(seen.proposed), folder.fsPath, 'the dialog proposes the export folder');
    assert.deepEqual(seen.buttons, ['Open', 'Reveal']);
    assert.ok(seen.message.includes(seen.proposed), `the notification names the file: ${seen.message}`);
    // Open: the saved JSON in an editor.
    const editor = await waitFor(() => vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath === seen.proposed), `an editor on ${seen.proposed}`);
    assert.equal((JSON.parse(editor.document.getText()) as ProfileResult).function, 'mixRounds');
  });

  it('Reveal on the export notification shows where the file is', async function () {
    if (!screenDriverAvailable()) this.skip();
    this.timeout(120_000);
    const seen = await onScreen<{ proposed: string; buttons: string[] }>('profile.export', { label: 'Export Chrome trace', button: 'Reveal', match: 'saved a Chrome trace of mixRounds' });
    assert.deepEqual(seen.buttons, ['Open', 'Reveal']);
    assert.ok(fs.existsSync(seen.proposed), `the trace was saved at ${seen.proposed}`);
    assert.ok(Array.isArray((JSON.parse(fs.readFileSync(seen.proposed, 'utf8')) as { traceEvents?: unknown[] }).traceEvents), 'a Chrome trace');
    // Outside the workspace there is no Explorer entry; without an OS file manager to
    // reveal it in (a browser), the notification names the folder instead.
    const revealed = await onScreen<{ message: string }>('notification.read', { match: 'the file is at' });
    assert.ok(revealed.message.includes(seen.proposed), revealed.message);
  });

  it('exports the finished profile; the default folder is outside the workspace', async () => {
    const done = profiler.panelState().history.find((h) => h.outcome === 'done')!;
    const folder = await profiler.exportFolder();
    assert.ok(!folder.fsPath.startsWith(workspaceRoot()), `${folder.fsPath} is outside ${workspaceRoot()}`);
    const target = vscode.Uri.file(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'loopwise-export-')), 'mixRounds.profile.json'));
    const saved = await profiler.exportResult(done.id, 'json', target);
    assert.equal(saved?.fsPath, target.fsPath);
    const json = JSON.parse(fs.readFileSync(target.fsPath, 'utf8')) as ProfileResult;
    assert.equal(json.function, 'mixRounds');
  });
});
