// Scenario 5: Profile Selection on a CPU-bound function, with the task arguments given
// as the command's argument (no input box), returns a result with a cpu-bound verdict
// and opens the Loopwise Profile panel.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { activateLoopwise, openFile, rangeOf, waitFor, workspaceRoot } from '../helpers';

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
}

const ARGS = '[[80000000],[80000000],[80000000],[80000000]]';

function profileTab(label: string): vscode.Tab | undefined {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .find((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('loopwise.profile') && tab.label === label);
}

interface PanelState {
  history: Array<{ id: number; label: string; outcome: string; summary: string }>;
  shown?: { entry: { id: number; outcome: string }; result?: ProfileResult; failure?: { kind: string } };
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
