// The scenario list both runners share: a scenario is a workspace folder under
// test-fixtures/workspaces/<name> with a compiled suite out/test/vscode/suite/<name>.test.js.
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const workspacesDir = join(repoRoot, 'test-fixtures', 'workspaces');
export const testsIndex = join(repoRoot, 'out', 'test', 'vscode', 'index.js');
const suiteDir = join(repoRoot, 'out', 'test', 'vscode', 'suite');

/** The index tags mocha's counts with this prefix; both runners add them up. */
export const RESULT_PREFIX = 'LOOPWISE_TEST_RESULT ';

/** Scenarios that must open with Workspace Trust on (restricted mode). */
export const UNTRUSTED_SCENARIOS = new Set(['untrusted']);

/** Every scenario that has both a workspace and a compiled suite, or the requested ones. */
export function listScenarios(requested = []) {
  if (!existsSync(testsIndex)) throw new Error(`${testsIndex} is missing: run \`npm run build\` first.`);
  const available = readdirSync(workspacesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(suiteDir, `${d.name}.test.js`)))
    .map((d) => d.name)
    .sort();
  if (requested.length === 0) return available;
  const unknown = requested.filter((name) => !available.includes(name));
  if (unknown.length > 0) {
    throw new Error(`Unknown scenario(s): ${unknown.join(', ')}. Known: ${available.join(', ')}`);
  }
  return requested;
}

/** Copies a scenario workspace under `targetRoot`, so tests that edit files or settings never dirty the fixture. */
export function copyWorkspace(scenario, targetRoot) {
  const target = join(targetRoot, scenario);
  rmSync(target, { recursive: true, force: true });
  cpSync(join(workspacesDir, scenario), target, { recursive: true });
  return target;
}

/** Reads a result line printed by the index, or undefined. */
export function parseResultLine(line) {
  const at = line.indexOf(RESULT_PREFIX);
  if (at < 0) return undefined;
  try {
    return JSON.parse(line.slice(at + RESULT_PREFIX.length));
  } catch {
    return undefined;
  }
}
