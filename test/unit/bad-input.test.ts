/**
 * Bad input never takes other files down: the CLI, as a child process, on
 * generated pathological inputs. Every assertion is about the outcome (a note
 * on the bad file, the other files' findings, the process exiting); the timeout
 * only stops a hang from stalling the suite, and nothing here is timed.
 *
 * `LOOPWISE_CLI=/path/to/dist/cli-main.js` runs the same tests against another build (an
 * older one, to see them fail).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../helpers/workspace';
import { BLOCKING_PY, BLOCKING_TS, FUZZ_TOKENS, PY_MIXED_INDENT, PY_SYNTAX_ERROR, IMPORTER_TS, assignmentChain, repeatedTokens, NESTING_KINDS, deeplyNested, makeFifo, writeProject } from '../helpers/pathological';

// The bundle itself, not the `dist/cli.js` launcher: the launcher's compile cache is
// another issue's (it loses Python on Node 20), and these tests are about bad input.
const CLI = process.env.LOOPWISE_CLI ?? join(repoRoot, 'dist', 'cli-main.js');
/** A hang detector, not a speed limit: a run that needs this long is stuck. */
const HANG_MS = 180_000;

export interface CliRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  report?: { diagnostics: Array<{ file: string; rule: string; line: number }>; errors: Array<{ file: string; message: string }> };
}

export function runCli(args: string[], cwd: string): CliRun {
  const result = spawnSync(process.execPath, [CLI, '--format', 'json', ...args], { cwd, encoding: 'utf8', timeout: HANG_MS, killSignal: 'SIGKILL' });
  let report: CliRun['report'];
  try {
    report = JSON.parse(result.stdout);
  } catch {
    report = undefined;
  }
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr, report };
}

/** The run ended by itself and printed a report. */
export function assertFinished(run: CliRun): NonNullable<CliRun['report']> {
  assert.equal(run.signal, null, `the CLI did not finish (killed by ${run.signal} after the hang timeout)`);
  assert.ok(run.report, `no JSON report; exit ${run.status}; stderr: ${run.stderr.slice(0, 500)}`);
  return run.report!;
}

const dir = (files: Record<string, string | Buffer>) => writeProject(files);
const filesWith = (report: NonNullable<CliRun['report']>, rule: string) => [...new Set(report.diagnostics.filter((d) => d.rule === rule).map((d) => d.file))].sort();

describe('one deeply nested file gets a note and takes nothing else down', () => {
  it('4,000 levels of each nesting (1,000 parens in a template): a note on each bad file; the others and their importers keep their findings', () => {
    const files: Record<string, string> = { 'good.ts': BLOCKING_TS };
    for (const kind of NESTING_KINDS) {
      files[`bad-${kind}.ts`] = deeplyNested(kind, kind === 'template-parens' ? 1000 : 4000);
      files[`importer-${kind}.ts`] = IMPORTER_TS.replace("'./bad'", `'./bad-${kind}'`);
    }
    const run = runCli(['.'], dir(files));
    const report = assertFinished(run);
    assert.equal(run.status, 1, 'exit 1: the other files have warnings');
    assert.deepEqual(filesWith(report, 'blocking-call-in-async'), ['good.ts', ...NESTING_KINDS.map((k) => `importer-${k}.ts`)].sort());
    assert.deepEqual(report.errors.map((e) => e.file).sort(), NESTING_KINDS.map((k) => `bad-${k}.ts`).sort());
    for (const e of report.errors) assert.match(e.message, /nest/, e.file);
  });

  it('a deeply nested file in a tsconfig project: its importer keeps its findings', () => {
    const dir = writeProject({
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true }, include: ['src'] }),
      'src/bad.ts': deeplyNested('not', 4000),
      'src/importer.ts': IMPORTER_TS,
    });
    const report = assertFinished(runCli(['.'], dir));
    assert.deepEqual(filesWith(report, 'blocking-call-in-async'), ['src/importer.ts']);
    assert.deepEqual(report.errors.map((e) => e.file), ['src/bad.ts']);
  });

  it('a screen note names the nesting and its line, before any parser runs', () => {
    const dir = writeProject({ 'bad.ts': `// a comment\n${deeplyNested('template-parens', 1000)}`, 'good.ts': BLOCKING_TS });
    const report = assertFinished(runCli(['.'], dir));
    assert.match(report.errors[0].message, /brackets nest 1001 levels deep \(line 2\)/);
  });
});

describe('only regular files are read', () => {
  it('a FIFO named helpers.py that main.py imports: the run finishes and main.py keeps its finding', () => {
    const root = dir({ 'main.py': `import time\nimport helpers\n\nasync def handler():\n    helpers.go()\n    time.sleep(1)\n` });
    makeFifo(join(root, 'helpers.py'));
    const report = assertFinished(runCli(['.'], root));
    assert.deepEqual(filesWith(report, 'blocking-call-in-async'), ['main.py']);
  });

  it('a FIFO listed in a tsconfig `files`: the run finishes and the other file keeps its finding', () => {
    const root = dir({ 'tsconfig.json': JSON.stringify({ files: ['pipe.ts', 'a.ts'] }), 'a.ts': BLOCKING_TS });
    makeFifo(join(root, 'pipe.ts'));
    const report = assertFinished(runCli(['.'], root));
    assert.deepEqual(filesWith(report, 'blocking-call-in-async'), ['a.ts']);
  });

  it('a FIFO given on the command line gets a note', () => {
    const root = dir({ 'a.ts': BLOCKING_TS });
    makeFifo(join(root, 'pipe.py'));
    const report = assertFinished(runCli(['a.ts', 'pipe.py'], root));
    assert.deepEqual(filesWith(report, 'blocking-call-in-async'), ['a.ts']);
    assert.deepEqual(report.errors.map((e) => e.file), ['pipe.py']);
    assert.match(report.errors[0].message, /FIFO/);
  });
});

describe('text is not taken for binary', () => {
  const utf16 = (text: string, endian: 'le' | 'be', bom = true): Buffer => {
    const le = Buffer.from(text, 'utf16le');
    const body = endian === 'le' ? le : Buffer.from(le).swap16();
    return Buffer.concat([bom ? Buffer.from(endian === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]) : Buffer.alloc(0), body]);
  };

  it('a valid TypeScript file with one literal NUL in a template string is analysed', () => {
    const root = dir({ 'nul.ts': `export const sep = \`a\u0000b\`;\n${BLOCKING_TS}` });
    const report = assertFinished(runCli(['.'], root));
    assert.deepEqual(report.errors, []);
    assert.deepEqual(report.diagnostics.map((d) => `${d.file}:${d.line} ${d.rule}`), ['nul.ts:4 blocking-call-in-async']);
  });

  it('UTF-16 with a byte-order mark (LE and BE, TypeScript and Python) is decoded and analysed, positions in its own lines', () => {
    const root = dir({
      'le.ts': utf16(`// UTF-16 LE\n${BLOCKING_TS}`, 'le'),
      'be.ts': utf16(`// UTF-16 BE\n${BLOCKING_TS}`, 'be'),
      'le.py': utf16(`# UTF-16 LE\n${BLOCKING_PY}`, 'le'),
    });
    const report = assertFinished(runCli(['.'], root));
    assert.deepEqual(report.errors, []);
    assert.deepEqual(report.diagnostics.map((d) => `${d.file}:${d.line} ${d.rule}`).sort(), [
      'be.ts:4 blocking-call-in-async', 'le.py:5 blocking-call-in-async', 'le.ts:4 blocking-call-in-async',
    ]);
  });

  it('UTF-16 without a byte-order mark, and real binary, get a note that says which', () => {
    const binary = Buffer.alloc(4096);
    for (let i = 0; i < binary.length; i++) binary[i] = (i * 7919) % 251 < 40 ? 0 : (i * 31) % 256;
    const root = dir({ 'nobom.ts': utf16(BLOCKING_TS.repeat(4), 'le', false), 'blob.js': binary, 'good.ts': BLOCKING_TS });
    const report = assertFinished(runCli(['.'], root));
    const notes = Object.fromEntries(report.errors.map((e) => [e.file, e.message]));
    assert.match(notes['nobom.ts'], /UTF-16 encoded without a byte-order mark/);
    assert.match(notes['blob.js'], /looks binary/);
    assert.deepEqual(filesWith(report, 'blocking-call-in-async'), ['good.ts']);
  });
});

describe('symbolic links', () => {
  it('two links back to the parent and a `self -> .` link: every file once, and the walk ends', () => {
    const root = dir({ 'a.ts': BLOCKING_TS, 'sub/b.ts': BLOCKING_TS, 'sub/deeper/c.ts': BLOCKING_TS });
    symlinkSync('..', join(root, 'sub', 'up1'));
    symlinkSync('..', join(root, 'sub', 'up2'));
    symlinkSync('..', join(root, 'sub', 'deeper', 'up'));
    symlinkSync('.', join(root, 'self'));
    const report = assertFinished(runCli(['.'], root));
    assert.deepEqual(report.diagnostics.map((d) => d.file).sort(), ['a.ts', 'sub/b.ts', 'sub/deeper/c.ts']);
  });

  it('a link out of the given folder is not followed (a note says so) unless --follow-symlinks', () => {
    const outside = dir({ 'secret.ts': BLOCKING_TS, 'lib/x.ts': BLOCKING_TS });
    const root = dir({ 'a.ts': BLOCKING_TS });
    mkdirSync(join(root, 'src'));
    symlinkSync(outside, join(root, 'src', 'elsewhere'));
    symlinkSync(join(outside, 'secret.ts'), join(root, 'linked.ts'));
    const plain = assertFinished(runCli(['.'], root));
    assert.deepEqual(plain.diagnostics.map((d) => d.file), ['a.ts']);
    assert.deepEqual(plain.errors.map((e) => e.file).sort(), ['linked.ts', 'src/elsewhere']);
    for (const e of plain.errors) assert.match(e.message, /not followed.*--follow-symlinks/);
    const followed = assertFinished(runCli(['--follow-symlinks', '.'], root));
    // secret.ts is reached twice (linked.ts and src/elsewhere/secret.ts): analysed once, under the first path.
    assert.deepEqual(followed.diagnostics.map((d) => d.file).sort(), ['a.ts', 'linked.ts', 'src/elsewhere/lib/x.ts']);
    assert.deepEqual(followed.errors, []);
  });
});

describe('pathological inputs end with a result', () => {
  it('an 800-link assignment chain and fuzzed 2,000-token runs: the run exits with a report, and good.ts keeps its finding', () => {
    const files: Record<string, string> = { 'good.ts': BLOCKING_TS, 'chain.ts': assignmentChain(800) };
    FUZZ_TOKENS.forEach((token, i) => (files[`fuzz-${i}.ts`] = repeatedTokens(token, 2000)));
    const run = runCli(['.'], dir(files));
    const report = assertFinished(run);
    assert.ok(run.status === 0 || run.status === 1, `exit ${run.status}`);
    assert.ok(filesWith(report, 'blocking-call-in-async').includes('good.ts'));
    // No file is lost silently: each has findings, a note, or was analysed clean (not in `errors` as a crash).
    for (const e of report.errors) assert.doesNotMatch(e.message, /internal error|Maximum call stack/, e.file);
  });
});

describe('what the parsers could not read is said, and the rest still analysed', () => {
  it('Python: a syntax error and a TabError each get a note; findings after them stay; consistent tabs get none', () => {
    const root = dir({
      'syntax.py': PY_SYNTAX_ERROR,
      'tabs.py': PY_MIXED_INDENT,
      'tabs-only.py': 'import time\n\nasync def h():\n\tif True:\n\t\ttime.sleep(1)\n',
      'ok.py': BLOCKING_PY,
    });
    const report = assertFinished(runCli(['.'], root));
    assert.deepEqual(filesWith(report, 'blocking-call-in-async'), ['ok.py', 'syntax.py', 'tabs-only.py', 'tabs.py']);
    const notes = Object.fromEntries(report.errors.map((e) => [e.file, e.message]));
    assert.deepEqual(Object.keys(notes).sort(), ['syntax.py', 'tabs.py']);
    assert.match(notes['syntax.py'], /syntax error.*line 3/);
    assert.match(notes['tabs.py'], /inconsistent use of tabs and spaces in indentation \(line 5\)/);
  });

  it('an invalid tsconfig.json and one whose `extends` is missing: a note on their files, which keep their findings', () => {
    const root = dir({
      'bad/tsconfig.json': '{\n  "compilerOptions": { "strict": true,, }\n  "include": ["*.ts"]\n}\n',
      'bad/a.ts': BLOCKING_TS,
      'ext/tsconfig.json': JSON.stringify({ extends: './missing-base.json', include: ['*.ts'] }),
      'ext/b.ts': BLOCKING_TS,
      'fine/tsconfig.json': JSON.stringify({ include: ['*.ts'] }),
      'fine/c.ts': BLOCKING_TS,
    });
    const report = assertFinished(runCli(['.'], root));
    assert.deepEqual(filesWith(report, 'blocking-call-in-async'), ['bad/a.ts', 'ext/b.ts', 'fine/c.ts']);
    const notes = Object.fromEntries(report.errors.map((e) => [e.file, e.message]));
    assert.deepEqual(Object.keys(notes).sort(), ['bad/a.ts', 'ext/b.ts']);
    assert.match(notes['bad/a.ts'], /tsconfig\.json has a problem, line 2:/);
    assert.match(notes['ext/b.ts'], /tsconfig\.json has a problem.*missing-base\.json/);
  });
});
