#!/usr/bin/env node
/**
 * Python blocking-call suites, scored outside the test suite: Loopwise's
 * blocking-call-in-async beside Ruff's ASYNC2xx rules on the same files.
 *
 *   node scripts/python-async-suite.mjs --ruff DIR --flake8-async DIR [--keep] [--cli FILE]
 *
 * DIR is a checkout of https://github.com/astral-sh/ruff or
 * https://github.com/python-trio/flake8-async, or a bare git clone of one (read
 * at HEAD with git archive). Either may be left out. Nothing of the suites is
 * kept in this repository: the files are copied into a temporary folder, scored
 * and deleted (--keep leaves the folder and prints its path). --cli runs another
 * build's dist/cli.js (default: this checkout's), to compare builds.
 *
 * The labelled lines:
 * - Ruff: crates/ruff_linter/resources/test/fixtures/flake8_async/ASYNC2*.py; a
 *   line is expected when one of crates/ruff_linter/src/rules/flake8_async/
 *   snapshots/*ASYNC2*.snap points at it (` --> FILE:LINE:COL`). The files are
 *   scored as they are (they carry their imports).
 * - flake8-async: tests/eval_files/async2*.py except async200.py (ASYNC200 flags
 *   calls the user lists in --async200-blocking-calls, which neither tool has); a
 *   line is expected when it carries a `# ASYNC2nn:` or `# ASYNC2nn_asyncio:`
 *   comment. flake8-async matches names, not imports, and most files use
 *   `os.`, `subprocess.`… without importing them; both tools resolve imports, so
 *   the copy gets the missing `import M` lines for the modules it uses dotted
 *   (list MODULES below), and `from typing import Optional…` for the typing
 *   names its annotations use (TYPING), appended at the end of the file, where
 *   they change no line number and still bind the names the async functions read.
 *
 * The files are copied flat into a neutral folder (tmp/…/ruff/, …/flake8-async/):
 * under their own paths (resources/test/, tests/eval_files/) Loopwise would take
 * them for test code, which it leaves alone by design.
 *
 * A finding matches an expected line when the line lies within the finding's
 * line range. Per file, distinct lines: TP = expected lines found, FP = flagged
 * lines not expected, FN = expected lines not found. Loopwise: `node dist/cli.js
 * --format json FOLDER`, rule blocking-call-in-async. Ruff: the devDependency
 * @astral-sh/ruff-wasm-nodejs, select ASYNC2, once as configured by default and
 * once with preview on. Every miss and false positive is listed under the table.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

const root = join(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

const RUFF_FIXTURES = 'crates/ruff_linter/resources/test/fixtures/flake8_async';
const RUFF_SNAPSHOTS = 'crates/ruff_linter/src/rules/flake8_async/snapshots';
const F8A_EVAL = 'tests/eval_files';
/** Modules the flake8-async eval files use dotted (`os.system()`) and may not import. */
/** typing names the eval files use in annotations (`Optional[httpx.Client]`) and may not import. */
const TYPING = ['Optional', 'Union', 'IO', 'TextIO', 'BinaryIO'];
const MODULES = ['os', 'subprocess', 'time', 'io', 'requests', 'httpx', 'urllib3', 'urllib', 'socket', 'shutil', 'tempfile', 'sqlite3', 'pathlib', 'trio', 'anyio', 'asyncio'];

function parseArgs(argv) {
  const args = { keep: false, cli: join(root, 'dist', 'cli.js') };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--ruff') args.ruff = argv[++i];
    else if (argv[i] === '--flake8-async') args.f8a = argv[++i];
    else if (argv[i] === '--keep') args.keep = true;
    else if (argv[i] === '--cli') args.cli = argv[++i];
    else usage(`unknown argument ${argv[i]}`);
  }
  if (!args.ruff && !args.f8a) usage('give --ruff DIR and/or --flake8-async DIR');
  return args;
}

function usage(msg) {
  console.error(`${msg}\nusage: node scripts/python-async-suite.mjs --ruff DIR --flake8-async DIR [--keep] [--cli FILE]`);
  process.exit(2);
}

/** A folder holding `paths` of the suite: the checkout itself, or an export of a bare clone's HEAD. */
function treeOf(dir, paths, scratch, name) {
  if (paths.every((p) => existsSync(join(dir, p)))) return dir;
  const isBare = existsSync(join(dir, 'HEAD')) && existsSync(join(dir, 'objects'));
  if (!isBare) usage(`${dir} holds neither ${paths.join(' nor ')} nor a bare git clone`);
  const out = join(scratch, `${name}-export`);
  mkdirSync(out, { recursive: true });
  // stderr kept apart: a partial mirror may complain about objects outside these paths.
  const tar = execFileSync('git', ['-C', dir, 'archive', 'HEAD', ...paths], { maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
  execFileSync('tar', ['-x', '-C', out], { input: tar });
  const commit = execFileSync('git', ['-C', dir, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  console.log(`${name}: ${dir} at ${commit}`);
  return out;
}

/** Ruff: fixtures ASYNC2*.py and the lines its snapshots flag. Returns { files: Map(name -> text), expected: Map(name -> Set(line)) }. */
function ruffSuite(tree) {
  const files = new Map();
  const expected = new Map();
  for (const f of readdirSync(join(tree, RUFF_FIXTURES)).filter((f) => /^ASYNC2.*\.py$/.test(f)).sort()) {
    files.set(f, readFileSync(join(tree, RUFF_FIXTURES, f), 'utf8'));
    expected.set(f, new Set());
  }
  for (const s of readdirSync(join(tree, RUFF_SNAPSHOTS)).filter((f) => /ASYNC2.*\.snap$/.test(f))) {
    for (const m of readFileSync(join(tree, RUFF_SNAPSHOTS, s), 'utf8').matchAll(/^\s*-->\s*(\S+\.py):(\d+):\d+/gm)) {
      if (!expected.has(m[1])) throw new Error(`${s} points at ${m[1]}, which is not among the fixtures`);
      expected.get(m[1]).add(Number(m[2]));
    }
  }
  return { files, expected };
}

/** flake8-async: eval files async2*.py (not async200.py) and their `# ASYNC2nn:` lines, missing imports appended. */
function f8aSuite(tree) {
  const files = new Map();
  const expected = new Map();
  const added = [];
  for (const f of readdirSync(join(tree, F8A_EVAL)).filter((f) => /^async2.*\.py$/.test(f) && f !== 'async200.py').sort()) {
    let text = readFileSync(join(tree, F8A_EVAL, f), 'utf8');
    const lines = new Set();
    text.split('\n').forEach((l, i) => {
      if (/#\s*ASYNC2\d\d(?:_\w+)?:/.test(l)) lines.add(i + 1);
    });
    const missing = [];
    for (const m of MODULES) {
      const used = new RegExp(`(?<![\\w.])${m}\\.\\w`).test(text);
      const imported = new RegExp(`^\\s*import\\s+(?:[\\w.]+\\s*,\\s*)*${m}\\b`, 'm').test(text);
      if (used && !imported) missing.push(m);
    }
    if (/(?<![\w.])urllib\.request\./.test(text) && !/^\s*import\s+urllib\.request\b/m.test(text)) missing.push('urllib.request');
    const typing = TYPING.filter((n) => new RegExp(`(?<![\\w.])${n}\\[`).test(text) && !new RegExp(`^\\s*from\\s+typing\\s+import\\b[^\\n]*\\b${n}\\b`, 'm').test(text));
    if (missing.length || typing.length) {
      const lines = [...missing.map((m) => `import ${m}`), ...(typing.length ? [`from typing import ${typing.join(', ')}`] : [])];
      text = `${text.replace(/\n*$/, '\n')}\n${lines.join('\n')}\n`;
      added.push(`${f}: ${[...missing, ...typing.map((n) => `typing.${n}`)].join(', ')}`);
    }
    files.set(f, text);
    expected.set(f, lines);
  }
  return { files, expected, added };
}

function loopwiseLines(folder, cliPath) {
  const cli = spawnSync(process.execPath, [cliPath, '--format', 'json', folder], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const report = JSON.parse(cli.stdout);
  if (report.errors?.length) console.log(`  Loopwise errors: ${JSON.stringify(report.errors)}`);
  const flagged = new Map();
  for (const d of report.diagnostics) {
    if (d.rule !== 'blocking-call-in-async') continue;
    const f = basename(d.file);
    if (!flagged.has(f)) flagged.set(f, []);
    flagged.get(f).push([d.line, d.endLine ?? d.line]);
  }
  return flagged;
}

function ruffLines(files, preview) {
  const ruff = require('@astral-sh/ruff-wasm-nodejs');
  const workspace = new ruff.Workspace({ preview, lint: { select: ['ASYNC2'] } }, ruff.PositionEncoding.Utf16);
  const flagged = new Map();
  for (const [f, text] of files) {
    flagged.set(f, workspace.check(text)// With preview on, Ruff names the rule (run-process-in-async-function) instead of its code; the
    // selection already keeps ASYNC2 only, and a syntax error has no code.
    .filter((d) => d.code).map((d) => [d.start_location.row, d.end_location.row]));
  }
  return { flagged, version: ruff.Workspace.version() };
}

function score(suite, flagged) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const misses = [];
  const wrong = [];
  for (const [f, exp] of suite.expected) {
    const ranges = flagged.get(f) ?? [];
    const hit = new Set();
    for (const line of exp) {
      if (ranges.some(([a, b]) => a <= line && line <= b)) {
        tp++;
        hit.add(line);
      } else {
        fn++;
        misses.push(`${f}:${line}`);
      }
    }
    // A flagged range that covers no expected line is a false positive, counted once per start line.
    const extra = new Set(ranges.filter(([a, b]) => ![...exp].some((l) => a <= l && l <= b)).map(([a]) => a));
    fp += extra.size;
    for (const l of [...extra].sort((x, y) => x - y)) wrong.push(`${f}:${l}`);
  }
  return { tp, fp, fn, misses, wrong };
}

function lineOf(suite, loc) {
  const [f, l] = loc.split(':');
  return suite.files.get(f).split('\n')[Number(l) - 1].trim();
}

const args = parseArgs(process.argv.slice(2));
const scratch = mkdtempSync(join(tmpdir(), 'loopwise-pysuite-'));
try {
  const suites = [];
  if (args.ruff) suites.push(['Ruff flake8_async ASYNC2*.py fixtures', 'ruff', ruffSuite(treeOf(args.ruff, [RUFF_FIXTURES, RUFF_SNAPSHOTS], scratch, 'ruff'))]);
  if (args.f8a) suites.push(['flake8-async tests/eval_files/async2*.py (not async200)', 'flake8-async', f8aSuite(treeOf(args.f8a, [F8A_EVAL], scratch, 'flake8-async'))]);
  for (const [title, name, suite] of suites) {
    const folder = join(scratch, name);
    mkdirSync(folder, { recursive: true });
    for (const [f, text] of suite.files) writeFileSync(join(folder, f), text);
    const labelled = [...suite.expected.values()].reduce((n, s) => n + s.size, 0);
    console.log(`\n${title}: ${suite.files.size} files, ${labelled} expected lines`);
    if (suite.added?.length) console.log(`  imports appended: ${suite.added.join('; ')}`);
    const rd = ruffLines(suite.files, false);
    const rp = ruffLines(suite.files, true);
    const tools = [['Loopwise blocking-call-in-async', loopwiseLines(folder, args.cli)], [`Ruff ${rd.version} ASYNC2 (default)`, rd.flagged], [`Ruff ${rp.version} ASYNC2 (preview)`, rp.flagged]];
    console.log('\n| tool | TP | FP | FN | recall | precision |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    const details = [];
    for (const [tool, flagged] of tools) {
      const s = score(suite, flagged);
      console.log(`| ${tool} | ${s.tp} | ${s.fp} | ${s.fn} | ${s.tp}/${labelled} = ${(s.tp / labelled).toFixed(2)} | ${s.tp + s.fp ? (s.tp / (s.tp + s.fp)).toFixed(2) : '-'} |`);
      details.push([tool, s]);
    }
    for (const [tool, s] of details) {
      if (s.misses.length) console.log(`\n  ${tool} misses:\n${s.misses.map((m) => `    ${m}  ${lineOf(suite, m)}`).join('\n')}`);
      if (s.wrong.length) console.log(`\n  ${tool} unexpected:\n${s.wrong.map((m) => `    ${m}  ${lineOf(suite, m)}`).join('\n')}`);
    }
  }
} finally {
  if (args.keep) console.log(`\nfiles kept in ${scratch}`);
  else rmSync(scratch, { recursive: true, force: true });
}
