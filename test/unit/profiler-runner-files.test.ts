/**
 * The Python runner is several .py files: every module beside profile-runner.py is
 * listed in RUNNER_MODULES, copied into dist/ by the bundle and allowed into the .vsix.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { RUNNER_FILE, RUNNER_MODULES } from '../../server/src/profiler/python/run-python';
import { repoRoot } from '../helpers/workspace';

test('the runner modules in the source folder, RUNNER_MODULES, dist/ and .vscodeignore agree', () => {
  const source = readdirSync(join(repoRoot, 'server', 'src', 'profiler', 'python')).filter((f) => f.startsWith('_loopwise_runner_') && f.endsWith('.py')).sort();
  assert.ok(source.length > 0);
  assert.deepEqual([...RUNNER_MODULES].sort(), source);
  for (const file of [RUNNER_FILE, ...RUNNER_MODULES]) assert.ok(existsSync(join(repoRoot, 'dist', file)), `dist/${file} (run the bundle first)`);
  const ignore = readFileSync(join(repoRoot, '.vscodeignore'), 'utf8');
  assert.match(ignore, /^!dist\/profile-runner\.py$/m);
  assert.match(ignore, /^!dist\/_loopwise_runner_\*\.py$/m);
});
