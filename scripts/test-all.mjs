// `npm test`: every test, in the order CI runs them: typecheck, bundle, the Node
// versions for the run-twice matrix, unit tests,
// LSP tests (the bundled server over stdio), then the extension suite in a real
// VS Code (code-server + Chromium, installed on first use into .cache/e2e).
// Prints each stage's duration; exits non-zero if any stage failed.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const skipE2e = process.argv.includes('--no-e2e');
const stages = [
  ['typecheck', ['npx', 'tsc', '-b']],
  ['bundle', [process.execPath, 'scripts/bundle.mjs']],
  // Node 20, 22 and 24 (npm's node@NN, cached in .cache/node-matrix) for the unit suite's
  // run-twice matrix (test/unit/node-matrix.test.ts), which skips a version that is missing.
  ['Node matrix', [process.execPath, 'scripts/install-node-matrix.mjs']],
  ['unit tests', [process.execPath, '--test', 'out/test/unit/']],
  ['LSP tests', [process.execPath, '--test', 'out/test/lsp/']],
  ...(skipE2e ? [] : [
    ['e2e toolchain', [process.execPath, 'test/e2e/install.mjs']],
    ['e2e tests (code-server)', [process.execPath, 'test/e2e/run.mjs']],
  ]),
];

const durations = [];
let failed = 0;
for (const [name, [command, ...args]] of stages) {
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  const seconds = Math.round((Date.now() - started) / 1000);
  const ok = result.status === 0;
  durations.push(`${name}: ${seconds} s${ok ? '' : ' (FAILED)'}`);
  if (!ok) {
    failed++;
    // Nothing after a failed build is worth running.
    if (name === 'typecheck' || name === 'bundle' || name === 'e2e toolchain') break;
  }
}
console.log('\n=== stage durations ===');
for (const line of durations) console.log(line);
process.exitCode = failed > 0 ? 1 : 0;
