// Incremental: time from a one-line didChange in a 2,000-line file, inside a project
// of 300+ files, to the new diagnostics, through the real server over stdio.
// `npm run bench incremental` runs it on dist/; `node test/bench/incremental.mjs
// a/server.js b/server.js` runs it on each build in turn, for a side-by-side.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** A 2,000-line TypeScript module: async handlers, sync helpers, a few blocking calls. */
function generateBigFile() {
  const lines = ["import { readFileSync } from 'node:fs';", "import { createHash } from 'node:crypto';", ''];
  for (let i = 0; lines.length < 1990; i++) {
    lines.push(
      `function helper${i}(input: string): string {`,
      `  const hash = createHash('sha1').update(input + ${i}).digest('hex');`,
      `  return hash.slice(0, 8);`,
      `}`,
      ``,
      `export async function handler${i}(ids: string[]): Promise<string[]> {`,
      `  const out: string[] = [];`,
      `  for (const id of ids) {`,
      `    const value${i} = ${i};`,
      `    out.push(helper${i}(id) + value${i});`,
      `  }`,
      i % 10 === 0 ? `  out.push(readFileSync('/tmp/${i}', 'utf8'));` : `  out.push(String(out.length));`,
      `  await Promise.resolve();`,
      `  return out;`,
      `}`,
      ``,
    );
  }
  while (lines.length < 2000) lines.push('');
  return lines.join('\n');
}

export function prepareIncrementalProject(repoRoot, corpus) {
  const dir = join(repoRoot, '.cache', 'bench', 'incremental');
  if (!existsSync(join(dir, 'lib'))) cpSync(corpus.webpackLib, join(dir, 'lib'), { recursive: true });
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { allowJs: true, checkJs: false, noEmit: true, module: 'commonjs', target: 'es2022', skipLibCheck: true, strict: false },
    include: ['lib/**/*.js', 'src/**/*.ts'],
  }, null, 2));
  const big = join(dir, 'src', 'big.ts');
  writeFileSync(big, generateBigFile());
  return { dir, big };
}

const percentile = (xs, p) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

export async function benchIncremental({ repoRoot, corpus, iterations = 40, serverPath = join(repoRoot, 'dist', 'server.js') }) {
  const require = createRequire(join(repoRoot, 'package.json'));
  const { LspTestClient } = require(join(repoRoot, 'out', 'test', 'helpers', 'lsp-client.js'));
  const { dir, big } = prepareIncrementalProject(repoRoot, corpus);
  const text = readFileSync(big, 'utf8');
  const lines = text.split('\n');
  const target = lines.findIndex((l, i) => i > 990 && l.includes('const value'));
  const client = new LspTestClient(serverPath);
  try {
    await client.initialize(dir);
    const openStarted = performance.now();
    const uri = client.open(big, text);
    const first = await client.diagnostics(uri);
    const firstMs = performance.now() - openStarted;
    const samples = [];
    let count = first.length;
    for (let i = 0; i < iterations + 3; i++) {
      const edited = [...lines];
      edited[target] = lines[target].replace(/= (\d+);/, `= $1${i % 2 === 0 ? '1' : '2'};`);
      const started = performance.now();
      client.change(uri, edited.join('\n'));
      const diagnostics = await client.diagnostics(uri);
      const ms = performance.now() - started;
      count = diagnostics.length;
      if (i >= 3) samples.push(ms);
    }
    // Harder edits: three places in the file, and one edit in three inserts or then
    // deletes a line, which moves everything after it.
    const places = [200, 990, 1800].map((after) => lines.findIndex((l, i) => i > after && l.includes('const value')));
    let current = [...lines];
    const mixed = [];
    for (let i = 0; i < 60; i++) {
      const at = places[i % 3];
      if (i % 6 === 4) current.splice(at, 0, `  // inserted ${i}`);
      else if (i % 6 === 5) current.splice(at, 1);
      else current[at] = current[at].replace(/= (\d+);/, `= $1${i % 2 === 0 ? '1' : '2'};`);
      const started = performance.now();
      client.change(uri, current.join('\n'));
      await client.diagnostics(uri);
      mixed.push(performance.now() - started);
    }
    return {
      files: countProjectFiles(dir), lines: lines.length, firstMs, p50: percentile(samples, 50), p95: percentile(samples, 95), max: Math.max(...samples), diagnostics: count, iterations,
      mixed: { edits: mixed.length, p50: percentile(mixed, 50), p95: percentile(mixed, 95), max: Math.max(...mixed) },
    };
  } finally {
    await client.shutdown();
  }
}

function countProjectFiles(dir) {
  const require = createRequire(import.meta.url);
  const { readdirSync, statSync } = require('node:fs');
  const walk = (d) => readdirSync(d).reduce((n, e) => {
    const p = join(d, e);
    return n + (statSync(p).isDirectory() ? walk(p) : /\.(js|ts)$/.test(e) ? 1 : 0);
  }, 0);
  return walk(dir);
}

export function printIncremental(r) {
  console.log(`\nIncremental (real server over stdio): project of ${r.files} files, ${r.lines}-line file, ${r.iterations} one-line edits`);
  console.log(`  first diagnostics after open: ${r.firstMs.toFixed(0)} ms (loads the whole project)`);
  console.log(`  didChange → diagnostics: p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, max ${r.max.toFixed(1)} ms (target p95 ≤ 50 ms); ${r.diagnostics} diagnostics`);
  if (r.mixed) console.log(`  ${r.mixed.edits} mixed edits at three places, a third of them inserting or deleting a line: p50 ${r.mixed.p50.toFixed(1)} ms, p95 ${r.mixed.p95.toFixed(1)} ms, max ${r.mixed.max.toFixed(1)} ms`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { ensureCorpus } = await import('./corpus.mjs');
  const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const servers = process.argv.slice(2);
  for (const serverPath of servers.length > 0 ? servers : [join(repoRoot, 'dist', 'server.js')]) {
    console.log(`\n${serverPath}`);
    printIncremental(await benchIncremental({ repoRoot, corpus: ensureCorpus(repoRoot), serverPath: resolve(serverPath) }));
  }
}
