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
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../helpers/workspace';
import { BLOCKING_PY, BLOCKING_TS, IMPORTER_TS, NESTING_KINDS, deeplyNested, makeFifo, writeProject } from '../helpers/pathological';

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
