// Scenario 5: Profile Selection on a CPU-bound function, with the task arguments given
// as the command's argument (no input box), returns a result with a cpu-bound verdict
// and opens the Loopwise Profile panel.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateLoopwise, openFile, rangeOf, waitFor } from '../helpers';

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

describe('scenario profile: Profile Selection on a CPU-bound function', () => {
  let result: ProfileResult | undefined;

  before(async function () {
    this.timeout(180_000);
    assert.equal(vscode.workspace.isTrusted, true, 'profiling needs a trusted workspace');
    await activateLoopwise();
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
});
