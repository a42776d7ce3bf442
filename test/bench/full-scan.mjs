// Full scan: the loopwise CLI against ESLint (n/no-sync, require-atomic-updates,
// no-await-in-loop) on the same files, alternating runs, in the same process tree.
import { spawn } from 'node:child_process';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

function countFiles(dir, pattern) {
  let n = 0;
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules') continue;
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) n += countFiles(p, pattern);
    else if (pattern.test(entry) && !entry.endsWith('.d.ts')) n++;
  }
  return n;
}

/** Runs node with the RSS reporter preloaded; resolves wall ms and peak RSS in MB. */
function timeNode(args, cwd, rssHook) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['-r', rssHook, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      const rss = /BENCH_MAX_RSS_KB (\d+)/.exec(stderr);
      if (code !== 0 && code !== 1) return reject(new Error(`${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`));
      resolve({ wallMs, rssMb: rss ? Number(rss[1]) / 1024 : NaN });
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export function writeEslintConfig(repoRoot, corpus) {
  const require = createRequire(join(repoRoot, 'package.json'));
  const corpusRequire = createRequire(join(corpus.dir, 'package.json'));
  const pluginN = pathToFileURL(require.resolve('eslint-plugin-n')).href;
  const tsParser = pathToFileURL(corpusRequire.resolve('@typescript-eslint/parser')).href;
  const file = join(corpus.dir, 'eslint.config.mjs');
  writeFileSync(file, `import n from '${pluginN}';
import tsParser from '${tsParser}';
const rules = { 'n/no-sync': 'error', 'require-atomic-updates': 'error', 'no-await-in-loop': 'error' };
export default [
  { files: ['**/*.js', '**/*.cjs', '**/*.mjs'], plugins: { n }, rules, languageOptions: { sourceType: 'commonjs', ecmaVersion: 'latest' } },
  { files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'], plugins: { n }, rules, languageOptions: { parser: tsParser, sourceType: 'module' } },
];
`);
  return file;
}

export async function benchFullScan({ repoRoot, corpus, runs = Number(process.env.BENCH_RUNS) || 5 }) {
  const rssHook = join(repoRoot, 'test', 'bench', 'rss.cjs');
  const cli = join(repoRoot, 'dist', 'cli.js');
  const eslintBin = join(repoRoot, 'node_modules', 'eslint', 'bin', 'eslint.js');
  const config = writeEslintConfig(repoRoot, corpus);
  const targets = [
    { name: 'webpack@5 lib/', dir: corpus.webpackLib, pattern: /\.[cm]?js$/ },
    { name: 'rxjs@7 src/ (TypeScript)', dir: corpus.rxjsSrc, pattern: /\.ts$/ },
  ];
  const rows = [];
  for (const target of targets) {
    const files = countFiles(target.dir, target.pattern);
    const lw = [];
    const es = [];
    const loopwiseArgs = [cli, '--format', 'json', target.dir];
    const eslintArgs = [eslintBin, '--no-config-lookup', '-c', config, '--format', 'json', '--no-warn-ignored', target.dir];
    // One unmeasured run of each first: the OS file cache, and each tool's compile
    // cache (Loopwise's always; ESLint's on Node 22+), are warm for every measured run.
    await timeNode(loopwiseArgs, corpus.dir, rssHook);
    await timeNode(eslintArgs, corpus.dir, rssHook);
    for (let i = 0; i < runs; i++) {
      lw.push(await timeNode(loopwiseArgs, corpus.dir, rssHook));
      es.push(await timeNode(eslintArgs, corpus.dir, rssHook));
    }
    const row = {
      corpus: target.name,
      files,
      loopwiseMs: median(lw.map((r) => r.wallMs)),
      eslintMs: median(es.map((r) => r.wallMs)),
      loopwiseRssMb: Math.max(...lw.map((r) => r.rssMb)),
      eslintRssMb: Math.max(...es.map((r) => r.rssMb)),
      // The fastest run of each is the least disturbed by other load on a shared machine.
      loopwiseBestMs: Math.min(...lw.map((r) => r.wallMs)),
      eslintBestMs: Math.min(...es.map((r) => r.wallMs)),
      runs,
    };
    row.ratio = row.loopwiseMs / row.eslintMs;
    row.bestRatio = row.loopwiseBestMs / row.eslintBestMs;
    rows.push(row);
  }
  return rows;
}

export function printFullScan(rows) {
  console.log(`\nFull scan (median of ${rows[0]?.runs ?? 0} alternating runs; wall time includes process start-up and type-aware analysis; best = fastest run of each)`);
  console.log('corpus                      files  loopwise ms  files/s   RSS MB | eslint ms  files/s   RSS MB | ratio | best ms (lw / eslint) ratio');
  for (const r of rows) {
    console.log(`${r.corpus.padEnd(26)} ${String(r.files).padStart(6)} ${r.loopwiseMs.toFixed(0).padStart(12)} ${(r.files / (r.loopwiseMs / 1000)).toFixed(0).padStart(8)} ${r.loopwiseRssMb.toFixed(0).padStart(8)} | ${r.eslintMs.toFixed(0).padStart(9)} ${(r.files / (r.eslintMs / 1000)).toFixed(0).padStart(8)} ${r.eslintRssMb.toFixed(0).padStart(8)} | ${r.ratio.toFixed(2)}  | ${r.loopwiseBestMs.toFixed(0)} / ${r.eslintBestMs.toFixed(0)} ${r.bestRatio.toFixed(2)}`);
  }
}
