/**
 * The extension-test entry point, loaded by the extension host in both hosts:
 * desktop VS Code through `@vscode/test-electron` (`npm run test:vscode`) and
 * code-server through the smoke-test driver (`npm run test:e2e`).
 *
 * Each scenario is one workspace under `test-fixtures/workspaces/<name>` and one suite
 * `suite/<name>.test.js`. The runner opens the workspace; this index loads the suite
 * named after the open folder, so the same index serves every scenario.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';
import * as vscode from 'vscode';

/** The line both runners read to count results; keep its shape in step with them. */
const RESULT_PREFIX = 'LOOPWISE_TEST_RESULT ';

function scenarioName(): string {
  const fromEnv = process.env.LOOPWISE_SCENARIO;
  if (fromEnv) return fromEnv;
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('No workspace folder is open: open test-fixtures/workspaces/<scenario>.');
  return path.basename(folder.uri.fsPath);
}

/**
 * Mocha's reporters log printf-style (`'%d passing', n`). code-server forwards the
 * extension host's console without formatting, so format here; an optional prefix lets
 * the e2e driver tell the report apart from the workbench's own log.
 */
function formatReporterOutput(): void {
  const prefix = process.env.LOOPWISE_LOG_PREFIX ?? '';
  const base = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
  base.consoleLog = (...args: unknown[]) => {
    for (const line of format(...args).split('\n')) console.log(`${prefix}${line}`);
  };
}

export function run(): Promise<void> {
  formatReporterOutput();
  const scenario = scenarioName();
  const suiteFile = path.join(__dirname, 'suite', `${scenario}.test.js`);
  const mocha = new Mocha({ ui: 'bdd', color: false, reporter: 'spec', timeout: 60_000 });
  return new Promise((resolve, reject) => {
    if (!fs.existsSync(suiteFile)) {
      console.log(`${RESULT_PREFIX}${JSON.stringify({ scenario, passed: 0, failed: 1 })}`);
      reject(new Error(`No suite for scenario "${scenario}": expected ${suiteFile}`));
      return;
    }
    mocha.addFile(suiteFile);
    // Count what ran: a failed `before` hook fails once and leaves its tests unrun.
    let passed = 0;
    let failed = 0;
    const runner = mocha.run(() => {
      console.log(`${RESULT_PREFIX}${JSON.stringify({ scenario, passed, failed })}`);
      if (failed > 0) reject(new Error(`${failed} failure(s) in scenario "${scenario}".`));
      else if (passed === 0) reject(new Error(`No test ran in scenario "${scenario}".`));
      else resolve();
    });
    runner.on('pass', () => passed++);
    runner.on('fail', () => failed++);
  });
}
