// Python lint throughput, Loopwise beside Ruff (ASYNC rules, @astral-sh/ruff-wasm-nodejs),
// on the same files in the same run. Standalone: `node test/bench/python-bench.mjs`
// after `npx tsc -b`. The corpus is real Python from Debian packages, fetched with
// `apt-get download` and unpacked with `dpkg -x` into the git-ignored .cache/, once.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

/** Pure-Python packages that use asyncio, threads and processes, pinned to Debian 12's versions. */
const PINNED = ['python3-distributed=2022.12.1+ds.1-3', 'python3-tornado=6.2.0-3+deb12u4', 'python3-joblib=1.2.0-4+deb12u1'];

function ensurePythonCorpus() {
  const dir = join(repoRoot, '.cache', 'bench', 'python-corpus');
  const stamp = join(dir, `.installed-${PINNED.join('+').replace(/[^\w.+-]/g, '_')}`);
  if (!existsSync(stamp)) {
    const debs = join(dir, 'debs');
    mkdirSync(debs, { recursive: true });
    console.log(`fetching the Python corpus (${PINNED.join(', ')}) into ${dir} …`);
    try {
      execFileSync('apt-get', ['download', ...PINNED], { cwd: debs, stdio: 'inherit' });
    } catch (e) {
      throw new Error(`could not download the corpus with apt-get (${e.message}); run \`apt-get update\` first, or on a non-Debian machine unpack ${PINNED.join(', ')} into ${dir} by hand`);
    }
    for (const deb of readdirSync(debs).filter((f) => f.endsWith('.deb'))) execFileSync('dpkg', ['-x', join(debs, deb), dir]);
    writeFileSync(stamp, new Date().toISOString());
  }
  return join(dir, 'usr', 'lib', 'python3', 'dist-packages');
}

function listPython(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) listPython(p, out);
    else if (e.name.endsWith('.py')) out.push(p);
  }
  return out;
}

function loopwiseRules() {
  const out = join(repoRoot, 'out');
  const registry = join(out, 'server', 'src', 'rules', 'index.js');
  const fromRegistry = existsSync(registry) ? safeRequire(registry)?.rules?.filter((r) => r.checkPython) ?? [] : [];
  const ids = new Set(fromRegistry.map((r) => r.meta.id));
  const rules = [...fromRegistry];
  // Shared-id checks not yet wired into a registered rule still run, so the figure covers every Python rule.
  const checks = {
    'blocking-call-in-async': ['blocking-call-in-async', 'checkBlockingCallInAsyncPython'],
    'cpu-bound-on-event-loop': ['cpu-bound-on-event-loop', 'checkCpuBoundOnEventLoopPython'],
    'sequential-await': ['sequential-await', 'checkSequentialAwaitPython'],
    'unguarded-shared-state': ['unguarded-shared-state', 'checkUnguardedSharedStatePython'],
  };
  for (const [id, [file, name]] of Object.entries(checks)) {
    if (ids.has(id)) continue;
    rules.push({ meta: { id, languages: ['python'], defaultSeverity: 'warning', description: id }, checkPython: require(join(out, 'server', 'src', 'python', 'checks', `${file}.js`))[name] });
    ids.add(id);
  }
  for (const id of ['cpu-bound-in-threads', 'dangling-task', 'lock-order-inversion', 'missing-main-guard', 'thread-args-mismatch', 'unclosed-pool', 'unpicklable-task']) {
    if (!ids.has(id)) rules.push(require(join(out, 'server', 'src', 'rules', `${id}.js`)).rule);
  }
  return rules;
}

function safeRequire(path) {
  try {
    return require(path);
  } catch {
    return undefined;
  }
}

async function benchLoopwise(root, files) {
  const { PythonBackend } = require(join(repoRoot, 'out', 'server', 'src', 'python', 'backend.js'));
  const { DEFAULT_SETTINGS } = require(join(repoRoot, 'out', 'server', 'src', 'protocol.js'));
  const rules = loopwiseRules();
  const backend = new PythonBackend([root], rules);
  const never = { isCancellationRequested: false };
  let findings = 0;
  let skipped = 0;
  const start = process.hrtime.bigint();
  for (const file of files) {
    try {
      findings += (await backend.analyzeFile(file, DEFAULT_SETTINGS, never)).length;
    } catch (e) {
      if (e?.name !== 'UnanalysableFileError') throw e;
      skipped++;
    }
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { ms, findings, skipped, rules: rules.length };
}

async function benchRuff(texts) {
  const ruff = require('@astral-sh/ruff-wasm-nodejs');
  const start = process.hrtime.bigint();
  const workspace = new ruff.Workspace({ lint: { select: ['ASYNC'] } }, ruff.PositionEncoding.Utf16);
  let findings = 0;
  for (const text of texts) findings += workspace.check(text).length;
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { ms, findings, version: ruff.Workspace.version() };
}

const root = ensurePythonCorpus();
const files = listPython(root).sort();
const texts = files.map((f) => readFileSync(f, 'utf8'));
const lines = texts.reduce((n, t) => n + t.split('\n').length, 0);
console.log(`Python lint: ${files.length} files, ${lines.toLocaleString('en')} lines (${PINNED.join(', ')})`);

const loopwise = await benchLoopwise(root, files);
const ruff = await benchRuff(texts);
const rate = (ms) => Math.round(lines / (ms / 1000)).toLocaleString('en');
const row = (name, r, note) => console.log(`  ${name.padEnd(34)} ${`${(r.ms / 1000).toFixed(2)} s`.padStart(8)}  ${`${rate(r.ms)} lines/s`.padStart(16)}  ${String(r.findings).padStart(5)} findings  ${note}`);
row(`Loopwise (${loopwise.rules} Python rules, cross-file)`, loopwise, `${loopwise.skipped} file(s) skipped as unanalysable`);
row(`Ruff ${ruff.version} wasm (ASYNC rules)`, ruff, 'per-function, no call graph');
console.log(`  ratio Loopwise/Ruff wall time: ${(loopwise.ms / ruff.ms).toFixed(1)}×`);
