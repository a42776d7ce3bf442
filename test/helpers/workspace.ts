/** Builds the analysis workspace the way the CLI and the server do, for tests. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createAnalysisWorkspace } from '../../server/src/analysis';
import type { AnalysisWorkspace, ResolvedFinding } from '../../server/src/engine/workspace';
import { resolveSettings } from '../../server/src/protocol';

export const repoRoot = join(__dirname, '..', '..', '..');

export async function createWorkspace(roots: string[]): Promise<AnalysisWorkspace> {
  return createAnalysisWorkspace(roots);
}

/**
 * A workspace over test-fixtures/rules, and a reader of one rule's findings in a file of
 * that rule's fixture folder (the analysis must not fail).
 */
export async function ruleFixtureFindings(rule: string): Promise<(file: string) => Promise<ResolvedFinding[]>> {
  const workspace = await createWorkspace([join(repoRoot, 'test-fixtures', 'rules')]);
  const dir = join(repoRoot, 'test-fixtures', 'rules', rule);
  return async (file) => {
    const result = await workspace.analyzeFile(join(dir, file), resolveSettings({}));
    assert.equal(result.error, undefined);
    return result.findings.filter((f) => f.rule === rule);
  };
}
