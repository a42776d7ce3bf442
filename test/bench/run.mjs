// `npm run bench`: speed and memory, measured side by side with peer tools in the same run.
// Absolute times on a shared machine mean little; read the ratios.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCorpus } from './corpus.mjs';
import { benchFullScan, printFullScan } from './full-scan.mjs';
import { benchIncremental, printIncremental } from './incremental.mjs';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const only = process.argv.slice(2);
const wants = (name) => only.length === 0 || only.includes(name);

console.log(`Loopwise benchmark — node ${process.version}, ${(await import('node:os')).availableParallelism()} cores`);
const corpus = ensureCorpus(repoRoot);
if (wants('scan')) printFullScan(await benchFullScan({ repoRoot, corpus }));
if (wants('incremental')) printIncremental(await benchIncremental({ repoRoot, corpus }));

// The profiler's and the Python linter's benchmarks live beside this one.
for (const [name, file] of [['profiler', 'profiler-bench.mjs'], ['profiler', 'profiler-speedup-bench.mjs'], ['python', 'python-bench.mjs']]) {
  const path = join(repoRoot, 'test', 'bench', file);
  if (!wants(name) || !existsSync(path)) continue;
  console.log('');
  const result = spawnSync(process.execPath, [path], { stdio: 'inherit', cwd: repoRoot });
  if (result.status !== 0) console.log(`${file} exited with ${result.status}`);
}
