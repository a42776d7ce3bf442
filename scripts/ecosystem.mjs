#!/usr/bin/env node
/**
 * Ecosystem check: lints a pinned corpus of real projects with the current build (dist/cli.js) and
 * compares every finding with the hand labels in test/ecosystem/labels.tsv. Like Ruff's ecosystem
 * check, it exists so that every rule change shows what it added and what it removed.
 *
 *   npm run ecosystem [-- --project NAME] [--batch NAME] [--language python|ts] [--no-fetch] [--reuse] [--timeout S] [--todo FILE] [--json FILE]
 *
 * Not part of `npm test`: it needs the network (the npm registry and Debian's archive) and minutes.
 * Exit code: 0 when every project was fetched and linted, 1 when any was not (that project is reported
 * and the others still run), 2 on a usage error or a missing build. Findings and precision never
 * change the exit code: this measures, it does not gate.
 *
 * Label format (docs/precision.md): tab-separated `project file line rule label hash reason`, where
 * project is `name@version`, file is relative to the project root, label is TRUE, FALSE or DEBATABLE,
 * and hash is the first 10 hex digits of the SHA-1 of the finding's first source line, trimmed. A label
 * matches a finding with the same project, file, rule and hash (the nearest line wins, one label per
 * finding), so a line shift does not lose a label, and a finding that moves to other code is new.
 */
import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = join(repo, '.cache', 'ecosystem');
const corpusFile = join(repo, 'test', 'ecosystem', 'corpus.json');
const labelsFile = join(repo, 'test', 'ecosystem', 'labels.tsv');
const cli = join(repo, 'dist', 'cli.js');
const LABELS = new Set(['TRUE', 'FALSE', 'DEBATABLE']);

const { values: opts } = parseArgs({
  options: {
    project: { type: 'string', multiple: true },
    batch: { type: 'string', multiple: true },
    language: { type: 'string' },
    'no-fetch': { type: 'boolean' },
    reuse: { type: 'boolean' },
    timeout: { type: 'string', default: '900' },
    todo: { type: 'string' },
    json: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (opts.help) {
  process.stdout.write(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('*/')[0] + '*/\n');
  process.exit(0);
}
if (!existsSync(cli)) {
  process.stderr.write(`ecosystem: ${cli} is missing; run \`npm run build\` first\n`);
  process.exit(2);
}

const corpus = JSON.parse(readFileSync(corpusFile, 'utf8')).projects;
// --project and --batch (a project's optional `batch` field, e.g. a held-out set) add up; neither means all.
const selected = opts.project?.length || opts.batch?.length
  ? corpus.filter((p) => opts.project?.some((s) => p.name === s || `${p.name}@${p.version}` === s) || opts.batch?.includes(p.batch))
  : [...corpus];
// --language narrows what the other options chose: Debian packages are the Python projects, npm ones TS/JS.
const sourceOf = { python: 'deb', py: 'deb', ts: 'npm', js: 'npm' };
if (opts.language !== undefined && !sourceOf[opts.language]) {
  process.stderr.write(`ecosystem: --language takes python or ts, not ${opts.language}\n`);
  process.exit(2);
}
if (opts.language) selected.splice(0, selected.length, ...selected.filter((p) => p.source === sourceOf[opts.language]));
if (!selected.length) {
  process.stderr.write(`ecosystem: no project in ${corpusFile} matches ${[...(opts.project ?? []), ...(opts.batch ?? [])].join(', ')}\n`);
  process.exit(2);
}

const idOf = (p) => `${p.name}@${p.version}`;
const slugOf = (p) => idOf(p).replace(/[^\w.@+-]/g, '_');
const hashOf = (text) => createHash('sha1').update(text.trim()).digest('hex').slice(0, 10);
const languageOf = (file) => (/\.pyi?$/.test(file) ? 'Python' : 'TS/JS');

const execFileP = promisify(execFile);
const run = (cmd, args, cwd) => execFileP(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 28, timeout: 600_000 })
  .catch((e) => { throw new Error(`${cmd} ${args.join(' ')}: ${(e.stderr || e.message).trim()}`); });

/** apt-get update runs at most once per run, and only when a pinned .deb is not in the lists; fetches run at once, so they share the one run. */
let aptListsRefresh;

/** Fetches one project into .cache/ecosystem/<slug>/ once; returns the folder to lint. */
async function fetchProject(p) {
  const dir = join(cacheDir, slugOf(p));
  const done = join(dir, '.fetched');
  const root = p.source === 'npm' ? join(dir, 'project') : join(dir, 'tree', p.root);
  if (existsSync(done)) return root;
  if (opts['no-fetch']) throw new Error('not in the cache and --no-fetch was given');
  rmSync(dir, { recursive: true, force: true });
  const tmp = join(dir, 'download');
  mkdirSync(tmp, { recursive: true });
  if (p.source === 'npm') {
    // The pinned package as the one dependency of a scratch folder: its runtime dependencies land
    // beside it in node_modules, so the checker sees their types (fs-extra re-exporting fs, and so
    // on). No install scripts run; the package's own dev dependencies are not installed.
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, dependencies: { [p.name]: p.version } }, null, 2) + '\n');
    await run('npm', ['install', '--ignore-scripts', '--omit=dev', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'], dir);
    const installed = join(dir, 'node_modules', ...p.name.split('/'));
    const version = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).version;
    if (version !== p.version) throw new Error(`npm installed ${version}, not ${p.version}`);
    // Out of node_modules, which Loopwise never analyses; its dependencies still resolve from ../node_modules.
    renameSync(installed, root);
  } else if (p.source === 'deb') {
    try {
      await run('apt-get', ['download', `${p.name}=${p.version}`], tmp);
    } catch (error) {
      // A pin from bookworm-security is missing from package lists older than it: refresh them
      // once (as root) and try again; otherwise say what to run.
      if (!/was not found/.test(String(error?.message))) throw error;
      if (process.getuid?.() !== 0) throw new Error(`${error.message} (the package lists may predate the pin: run apt-get update)`);
      await (aptListsRefresh ??= run('apt-get', ['update', '-qq'], cacheDir));
      await run('apt-get', ['download', `${p.name}=${p.version}`], tmp);
    }
    const deb = readdirSync(tmp).find((f) => f.endsWith('.deb'));
    if (!deb) throw new Error('apt-get download wrote no .deb');
    await run('dpkg-deb', ['-x', join(tmp, deb), join(dir, 'tree')], dir);
  } else {
    throw new Error(`unknown source ${p.source}`);
  }
  rmSync(tmp, { recursive: true, force: true });
  if (!existsSync(root)) throw new Error(`${root} is missing after the fetch`);
  writeFileSync(done, new Date().toISOString() + '\n');
  return root;
}

/** Runs the current build on one project; resolves with its JSON report or rejects with why not. */
/** What to pass to the CLI: the whole root, or its entries less the project's `skip` list. */
function lintTargets(p, root) {
  if (!p.skip?.length) return ['.'];
  // A skip entry may be nested (`dist/esm`): the folders above it are opened and their other entries linted.
  const targets = (dir) => readdirSync(join(root, dir), { withFileTypes: true })
    .map((e) => ({ e, rel: dir ? `${dir}/${e.name}` : e.name }))
    .filter(({ e, rel }) => !p.skip.includes(rel) && !e.name.startsWith('.') && e.name !== 'node_modules')
    // Explicit file arguments are always analysed, so only source files go in by name.
    .filter(({ e }) => e.isDirectory() || (/\.(?:[cm]?[jt]sx?|py)$/.test(e.name) && !/\.d\.[cm]?ts$/.test(e.name)))
    .flatMap(({ e, rel }) => (e.isDirectory() && p.skip.some((s) => s.startsWith(rel + '/')) ? targets(rel) : [rel]))
    .sort();
  return targets('');
}

function lintProject(root, targets, timeoutMs) {
  return new Promise((resolveRun, reject) => {
    // The CLI runs as a user runs it, through its launcher and compile cache (the Node 20 code-cache
    // bug that once left every Python file unanalysed is fixed, and tested by node-matrix.test.ts);
    // the column "files not analysed" shows any file the build cannot read.
    const env = { ...process.env };
    const child = spawn(process.execPath, [cli, '--format', 'json', ...targets], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const out = [];
    let err = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid, 'SIGKILL'); } catch { child.kill('SIGKILL'); }
    }, timeoutMs);
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => { err += d; if (err.length > 8192) err = err.slice(-8192); });
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) return reject(new Error(`timed out after ${timeoutMs / 1000} s`));
      if (code !== 0 && code !== 1) {
        return reject(new Error(`exit ${code ?? signal}: ${err.trim().split('\n').slice(-3).join(' | ') || 'no message'}`));
      }
      try {
        resolveRun(JSON.parse(Buffer.concat(out).toString('utf8')));
      } catch (e) {
        reject(new Error(`output is not JSON: ${e.message}`));
      }
    });
  });
}

function readLabels() {
  if (!existsSync(labelsFile)) return [];
  const labels = [];
  readFileSync(labelsFile, 'utf8').split('\n').forEach((raw, i) => {
    if (!raw.trim() || raw.startsWith('#') || raw.startsWith('project\t')) return;
    const [project, file, line, rule, label, hash, ...reason] = raw.split('\t');
    if (!LABELS.has(label) || !/^\d+$/.test(line) || !hash) {
      throw new Error(`${labelsFile}:${i + 1}: expected project, file, line, rule, TRUE|FALSE|DEBATABLE, hash, reason`);
    }
    labels.push({ project, file, line: Number(line), rule, label, hash, reason: reason.join(' '), used: false });
  });
  return labels;
}

/** Pairs each finding with the label of the same project, file, rule and line text, nearest line first. */
function matchLabels(findings, labels) {
  const byKey = new Map();
  for (const l of labels) {
    const key = `${l.project}\t${l.file}\t${l.rule}\t${l.hash}`;
    if (!byKey.has(key)) byKey.set(key, []);
    byKey.get(key).push(l);
  }
  const pairs = [];
  for (const f of findings) {
    for (const l of byKey.get(`${f.project}\t${f.file}\t${f.rule}\t${f.hash}`) ?? []) pairs.push([Math.abs(l.line - f.line), f, l]);
  }
  pairs.sort((a, b) => a[0] - b[0]);
  for (const [, f, l] of pairs) {
    if (f.label || l.used) continue;
    f.label = l.label;
    f.reason = l.reason;
    l.used = true;
  }
}

const pad = (s, n) => String(s).padEnd(n);
const oneLine = (s, n = 160) => { const t = s.replace(/\s+/g, ' '); return t.length > n ? t.slice(0, n - 1) + '…' : t; };

async function main() {
  mkdirSync(join(cacheDir, 'results'), { recursive: true });
  const timeoutMs = Number(opts.timeout) * 1000;
  const labels = readLabels();
  const findings = [];
  const status = [];
  const started = Date.now();
  // Fetches (network-bound) run three at a time ahead of the linting (CPU-bound), which runs one
  // project at a time in corpus order.
  const fetches = new Map();
  let next = 0;
  const startFetch = () => {
    if (next >= selected.length) return;
    const p = selected[next++];
    const promise = fetchProject(p);
    promise.catch(() => {}).finally(startFetch);
    fetches.set(p, promise);
  };
  for (let i = 0; i < 3; i++) startFetch();
  for (const p of selected) {
    const id = idOf(p);
    let t0 = Date.now();
    const resultFile = join(cacheDir, 'results', slugOf(p) + '.json');
    let report;
    let root;
    try {
      root = await fetches.get(p);
      t0 = Date.now(); // seconds are the lint's, not the fetch's
      if (opts.reuse && existsSync(resultFile)) {
        report = JSON.parse(readFileSync(resultFile, 'utf8'));
      } else {
        report = await lintProject(root, lintTargets(p, root), timeoutMs);
        writeFileSync(resultFile + '.tmp', JSON.stringify(report));
        renameSync(resultFile + '.tmp', resultFile);
      }
    } catch (e) {
      status.push({ id, kind: p.kind, ok: false, why: oneLine(String(e.message ?? e), 300), seconds: (Date.now() - t0) / 1000 });
      process.stderr.write(`ecosystem: ${id}: ${oneLine(String(e.message ?? e), 300)}\n`);
      continue;
    }
    const lines = new Map();
    const sourceLine = (file, line) => {
      if (!lines.has(file)) {
        try { lines.set(file, readFileSync(join(root, file), 'utf8').split(/\r?\n/)); } catch { lines.set(file, []); }
      }
      return lines.get(file)[line - 1] ?? '';
    };
    for (const d of report.diagnostics) {
      const text = sourceLine(d.file, d.line);
      findings.push({ project: id, file: d.file, line: d.line, rule: d.rule, language: languageOf(d.file), hash: hashOf(text),
        text: text.trim(), message: d.message, related: d.related, severity: d.severity });
    }
    status.push({ id, kind: p.kind, ok: true, findings: report.diagnostics.length, notes: report.errors.length,
      seconds: (Date.now() - t0) / 1000, reused: Boolean(opts.reuse && existsSync(resultFile)) });
    process.stderr.write(`ecosystem: ${id}: ${report.diagnostics.length} findings, ${report.errors.length} files not analysed, ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  matchLabels(findings, labels);

  const out = [];
  out.push(`## Projects (${status.filter((s) => s.ok).length} of ${selected.length} linted, ${((Date.now() - started) / 1000).toFixed(0)} s)`, '');
  out.push('| project | kind | findings | files not analysed | lint seconds |', '| --- | --- | ---: | ---: | ---: |');
  for (const s of status) {
    out.push(s.ok
      ? `| ${s.id} | ${s.kind} | ${s.findings} | ${s.notes} | ${s.seconds.toFixed(1)}${s.reused ? ' (reused)' : ''} |`
      : `| ${s.id} | ${s.kind} | FAILED: ${s.why.replace(/\|/g, '/')} | | ${s.seconds.toFixed(1)} |`);
  }

  const groups = new Map();
  for (const f of findings) {
    const key = `${f.rule}\t${f.language}`;
    if (!groups.has(key)) groups.set(key, { rule: f.rule, language: f.language, n: 0, TRUE: 0, FALSE: 0, DEBATABLE: 0, none: 0 });
    const g = groups.get(key);
    g.n++;
    g[f.label ?? 'none']++;
  }
  out.push('', '## Precision per rule and language', '');
  out.push('| rule | language | findings | TRUE | FALSE | DEBATABLE | unlabelled | precision |', '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  const sorted = [...groups.values()].sort((a, b) => a.rule.localeCompare(b.rule) || a.language.localeCompare(b.language));
  for (const g of sorted) {
    const judged = g.TRUE + g.FALSE;
    const precision = judged ? (g.TRUE / judged).toFixed(2) : '—';
    const sample = g.none && judged ? ` (of ${g.TRUE + g.FALSE + g.DEBATABLE} labelled)` : '';
    out.push(`| ${g.rule} | ${g.language} | ${g.n} | ${g.TRUE} | ${g.FALSE} | ${g.DEBATABLE} | ${g.none} | ${precision}${sample} |`);
  }
  // Every rule and language the build has, so a rule that found nothing on the corpus shows as such
  // (its precision is then unmeasured here, not perfect).
  const quiet = [];
  for (const line of (await run(process.execPath, [cli, '--list-rules'], repo)).stdout.split('\n')) {
    const m = /^(\S+)\s+\S+\s+(.+?)\s{2,}/.exec(line);
    if (!m) continue;
    for (const lang of m[2].split(/,\s*/)) {
      const language = lang === 'python' ? 'Python' : 'TS/JS';
      if (!groups.has(`${m[1]}\t${language}`)) quiet.push(`${m[1]} (${language})`);
    }
  }
  if (quiet.length) out.push('', `No finding on the projects linted, so no precision measured: ${quiet.join(', ')}.`);
  const total = findings.length;
  const unlabelled = findings.filter((f) => !f.label);
  out.push('', `${total} findings, ${total - unlabelled.length} labelled. Precision is TRUE / (TRUE + FALSE) over the labelled findings;` +
    ' where a rule has unlabelled findings, the labelled ones are what was read (a sample, or new findings since).');

  out.push('', `## New findings: no label matches (${unlabelled.length})`, '');
  for (const f of unlabelled) out.push(`- ${f.project} ${f.file}:${f.line} [${f.rule}] ${oneLine(f.message)}`);

  const linted = new Set(status.filter((s) => s.ok).map((s) => s.id));
  const gone = labels.filter((l) => !l.used && linted.has(l.project));
  out.push('', `## Labelled findings that disappeared (${gone.length}: ${gone.filter((l) => l.label === 'TRUE').length} TRUE, ` +
    `${gone.filter((l) => l.label === 'FALSE').length} FALSE, ${gone.filter((l) => l.label === 'DEBATABLE').length} DEBATABLE)`, '');
  for (const l of gone) out.push(`- ${l.label} ${l.project} ${l.file}:${l.line} [${l.rule}] ${oneLine(l.reason)}`);
  process.stdout.write(out.join('\n') + '\n');

  if (opts.todo) {
    // Rows ready to label: the label column says TODO; the last columns are the source line and the message.
    const rows = unlabelled.map((f) => [f.project, f.file, f.line, f.rule, 'TODO', f.hash, oneLine(f.text, 120), oneLine(f.message, 400),
      f.related.map((r) => `${r.file}:${r.line} ${oneLine(r.message, 80)}`).join(' ; ')].join('\t'));
    writeFileSync(opts.todo, rows.join('\n') + (rows.length ? '\n' : ''));
  }
  if (opts.json) writeFileSync(opts.json, JSON.stringify({ status, findings }, null, 1));
  return status.every((s) => s.ok) ? 0 : 1;
}

main().then((code) => { process.exitCode = code; }, (e) => {
  process.stderr.write(`ecosystem: ${e.stack ?? e}\n`);
  process.exitCode = 2;
});
