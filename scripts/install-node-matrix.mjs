// Installs the Node versions the run-twice matrix (test/unit/node-matrix.test.ts) runs
// the CLI and the language server on: the npm packages node@20, node@22 and node@24, each
// into .cache/node-matrix/<major>/ (git-ignored), whose node_modules/.bin/node the test
// finds. A version already there (its marker and binary present, the right major) is not
// fetched again, so a second run only checks. `.ci/run` runs this before `npm test`.
//   node scripts/install-node-matrix.mjs [20 22 24]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const MATRIX_MAJORS = [20, 22, 24];

/** Where the matrix test looks for Node <major>. */
export function matrixNodeBin(major) {
  return join(root, '.cache', 'node-matrix', String(major), 'node_modules', '.bin', 'node');
}

function versionOf(bin) {
  const result = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : '';
}

export function ensureNode(major) {
  const prefix = join(root, '.cache', 'node-matrix', String(major));
  const bin = matrixNodeBin(major);
  const marker = join(prefix, '.installed');
  const spec = `node@${major}`;
  if (existsSync(marker) && readFileSync(marker, 'utf8').trim() === spec && existsSync(bin) && versionOf(bin).startsWith(`v${major}.`)) {
    return { bin, version: versionOf(bin), installed: false };
  }
  mkdirSync(prefix, { recursive: true });
  writeFileSync(join(prefix, 'package.json'), '{ "private": true }\n');
  const started = Date.now();
  const result = spawnSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', spec], { stdio: ['ignore', 2, 2] });
  if (result.error) throw new Error(`npm could not start: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`npm install ${spec} exited with ${result.status}`);
  const version = versionOf(bin);
  if (!version.startsWith(`v${major}.`)) throw new Error(`${bin} reports ${version || 'nothing'}, expected v${major}`);
  writeFileSync(marker, `${spec}\n`);
  process.stderr.write(`[node-matrix] installed ${spec} (${version}) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return { bin, version, installed: true };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const majors = process.argv.slice(2).map(Number).filter(Boolean);
  for (const major of majors.length ? majors : MATRIX_MAJORS) {
    const { bin, version, installed } = ensureNode(major);
    console.log(`Node ${major}: ${version} at ${bin}${installed ? '' : ' (already installed)'}`);
  }
}
