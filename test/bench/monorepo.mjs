// Monorepo: a generated workspace of 44 packages with 88 tsconfig*.json whose
// `extends` cannot be resolved (as in a package manager's monorepo checked out
// without its node_modules), scanned by the CLI with and without the tsconfigs.
// Prints wall time and peak RSS for each CLI given, and whether the findings agree.
//   node test/bench/monorepo.mjs [path/to/cli-main.js ...]   (default: dist/cli-main.js)
// The bundles are run directly (not through the compile-cache launcher), so that
// two builds compare on equal terms.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PACKAGES = 44;
const FILES_PER_PACKAGE = 12;

function moduleText(pkg, file) {
  const other = (pkg + 1) % PACKAGES;
  const lines = [
    "import { readFileSync, existsSync } from 'node:fs';",
    file === 0 ? `import { helper0 as external } from '../../pkg-${other}/src/file-0';` : `import { helper0 as external } from './file-0';`,
    '',
    `let counter${file} = 0;`,
    '',
    `export function helper${file}(path: string): string {`,
    `  return existsSync(path) ? readFileSync(path, 'utf8') : external(path + '${pkg}');`,
    '}',
    '',
  ];
  for (let i = 0; i < 6; i++) {
    lines.push(
      `export async function handler${file}_${i}(ids: string[]): Promise<number> {`,
      '  let total = 0;',
      '  for (const id of ids) {',
      `    total += (await fetchCount${file}(id)) + ${i};`,
      '  }',
      i % 3 === 0 ? `  const raw = helper${file}('/tmp/' + ids[0]);` : `  const raw = String(total);`,
      `  const before = counter${file};`,
      '  await Promise.resolve();',
      `  counter${file} = before + raw.length;`,
      '  return total;',
      '}',
      '',
    );
  }
  lines.push(`async function fetchCount${file}(id: string): Promise<number> {`, '  return id.length;', '}', '');
  return lines.join('\n');
}

function generate(dir, withTsconfigs) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'generated-monorepo', private: true, workspaces: ['packages/*'] }, null, 2));
  // The packages' types for Node, as an installed workspace has them (copied from this repo's own).
  cpSync(join(repoRoot, 'node_modules', '@types', 'node'), join(dir, 'node_modules', '@types', 'node'), { recursive: true });
  for (let p = 0; p < PACKAGES; p++) {
    const pkg = join(dir, 'packages', `pkg-${p}`);
    mkdirSync(join(pkg, 'src'), { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: `@generated/pkg-${p}`, version: '1.0.0', main: 'lib/index.js' }, null, 2));
    if (withTsconfigs) {
      writeFileSync(join(pkg, 'tsconfig.json'), JSON.stringify({ extends: '@generated/tsconfig', compilerOptions: { outDir: 'lib', rootDir: 'src' }, include: ['src/**/*'] }, null, 2));
      writeFileSync(join(pkg, 'tsconfig.lint.json'), JSON.stringify({ extends: './tsconfig.json', include: ['src/**/*', 'test/**/*'] }, null, 2));
    }
    for (let f = 0; f < FILES_PER_PACKAGE; f++) writeFileSync(join(pkg, 'src', `file-${f}.ts`), moduleText(p, f));
  }
}

function runCli(cli, target) {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['-r', join(repoRoot, 'test', 'bench', 'rss.cjs'), cli, '--format', 'json', target], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      if (code !== 0 && code !== 1) return reject(new Error(`${cli} exited ${code}: ${stderr.slice(-2000)}`));
      const rss = /BENCH_MAX_RSS_KB (\d+)/.exec(stderr);
      resolvePromise({ wallMs, rssMb: rss ? Number(rss[1]) / 1024 : NaN, report: JSON.parse(stdout) });
    });
  });
}

const clis = process.argv.slice(2).map((p) => resolve(p));
if (clis.length === 0) clis.push(join(repoRoot, 'dist', 'cli-main.js'));
const base = join(repoRoot, '.cache', 'bench', 'monorepo');
const withDir = join(base, 'with-tsconfigs');
const withoutDir = join(base, 'without-tsconfigs');
generate(withDir, true);
generate(withoutDir, false);

console.log(`Monorepo: ${PACKAGES} packages × ${FILES_PER_PACKAGE} files, ${PACKAGES * 2} tsconfig*.json with an unresolvable "extends" (and the same tree without them)`);
const findings = (r) => r.report.diagnostics.map((d) => JSON.stringify([d.file.replace(/^.*?packages/, ''), d.line, d.column, d.rule, d.message]));
/** How many findings one list has that the other has not (0 when they agree). */
const differing = (a, b) => {
  const count = new Map();
  for (const x of findings(a)) count.set(x, (count.get(x) ?? 0) + 1);
  for (const x of findings(b)) count.set(x, (count.get(x) ?? 0) - 1);
  return [...count.values()].reduce((n, c) => n + Math.abs(c), 0);
};
let reference;
for (const [i, cli] of clis.entries()) {
  const withRun = await runCli(cli, withDir);
  const withoutRun = await runCli(cli, withoutDir);
  // Kept for a look at any difference.
  writeFileSync(join(base, `run-${i}-with.json`), JSON.stringify(withRun.report, null, 1));
  writeFileSync(join(base, `run-${i}-without.json`), JSON.stringify(withoutRun.report, null, 1));
  console.log(`  ${cli}`);
  console.log(`    with the tsconfigs:    ${(withRun.wallMs / 1000).toFixed(1)} s, peak RSS ${withRun.rssMb.toFixed(0)} MB, ${withRun.report.diagnostics.length} findings`);
  console.log(`    without the tsconfigs: ${(withoutRun.wallMs / 1000).toFixed(1)} s, peak RSS ${withoutRun.rssMb.toFixed(0)} MB, ${withoutRun.report.diagnostics.length} findings`);
  console.log(`    findings that differ with and without the tsconfigs: ${differing(withRun, withoutRun)}`);
  reference ??= withRun;
  if (i > 0) console.log(`    findings (with the tsconfigs) that differ from the first CLI's: ${differing(withRun, reference)}`);
}
