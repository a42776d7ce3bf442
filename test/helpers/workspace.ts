/** Builds the analysis workspace the way the CLI and the server do, for tests. */
import { join } from 'node:path';
import { createAnalysisWorkspace } from '../../server/src/analysis';
import type { AnalysisWorkspace } from '../../server/src/engine/workspace';

export const repoRoot = join(__dirname, '..', '..', '..');

export async function createWorkspace(roots: string[]): Promise<AnalysisWorkspace> {
  return createAnalysisWorkspace(roots);
}
