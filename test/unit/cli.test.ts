/** The `loopwise` CLI: formats, exit codes, config, and files it cannot analyse. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { main } from '../../server/src/cli';
import { PythonBackend } from '../../server/src/lang/python/backend';
import { TypeScriptBackend } from '../../server/src/lang/ts/typescript-backend';
import { repoRoot } from '../helpers/workspace';

async function run(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (c) => (stdout += c));
  err.on('data', (c) => (stderr += c));
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    const code = await main(args, out, err);
    return { code, stdout, stderr };
  } finally {
    process.chdir(previous);
  }
}

function project(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'loopwise-cli-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

const BLOCKING = `import { readFileSync } from 'fs';\nexport async function f(ps: string[]) { for (const p of ps) {\n  return readFileSync(p);\n} }\n`;

describe('loopwise CLI', () => {
  it('prints the JSON report with 1-based positions and relative paths, exit 1', async () => {
    const dir = project({ 'src/a.ts': BLOCKING, 'src/ok.ts': 'export const x = 1;\n', 'node_modules/dep/index.js': BLOCKING });
    const { code, stdout } = await run(['--format', 'json', '.'], dir);
    assert.equal(code, 1);
    const report = JSON.parse(stdout);
    assert.equal(report.version, 1);
    assert.deepEqual(report.errors, []);
    assert.equal(report.diagnostics.length, 1);
    assert.deepEqual(
      { ...report.diagnostics[0], message: undefined, detail: undefined },
      { file: 'src/a.ts', line: 3, column: 10, endLine: 3, endColumn: 25, rule: 'blocking-call-in-async', severity: 'warning', message: undefined, detail: undefined, related: [] },
    );
  });

  it('exits 0 when nothing is at warning or above, and honours loopwise.config.json', async () => {
    const dir = project({ 'a.ts': BLOCKING, 'loopwise.config.json': JSON.stringify({ rules: { 'blocking-call-in-async': 'info' } }) });
    const { code, stdout } = await run(['.'], dir);
    assert.equal(code, 0);
    assert.match(stdout, /a\.ts:3:10 {2}info/);
  });

  it('loopwise.config.json turns peer suppressions off, and rejects a non-boolean for it', async () => {
    const silenced = `import { readFileSync } from 'fs';\nexport async function f(ps: string[]) { for (const p of ps) {\n  // eslint-disable-next-line n/no-sync\n  return readFileSync(p);\n} }\n`;
    const honoured = await run(['--format', 'json', '.'], project({ 'a.ts': silenced }));
    assert.equal(JSON.parse(honoured.stdout).diagnostics.length, 0);
    const off = await run(['--format', 'json', '.'], project({ 'a.ts': silenced, 'loopwise.config.json': JSON.stringify({ 'loopwise.honourPeerSuppressions': false }) }));
    assert.deepEqual(JSON.parse(off.stdout).diagnostics.map((d: { rule: string; line: number }) => [d.rule, d.line]), [['blocking-call-in-async', 4]]);
    const bad = await run(['.'], project({ 'a.ts': silenced, 'loopwise.config.json': JSON.stringify({ honourPeerSuppressions: 'no' }) }));
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /"honourPeerSuppressions" is "no" \(a string\); expected a boolean \(true or false\)/);
  });

  it('exits 2 with a message for usage and config errors', async () => {
    const dir = project({ 'a.ts': BLOCKING, 'bad.json': '{ "rules": { "no-such-rule": "error" } }' });
    const noPath = await run([], dir);
    assert.equal(noPath.code, 2);
    assert.match(noPath.stderr, /no PATH given/);
    const badFormat = await run(['--format', 'xml', '.'], dir);
    assert.equal(badFormat.code, 2);
    const badConfig = await run(['--config', 'bad.json', '.'], dir);
    assert.equal(badConfig.code, 2);
    assert.match(badConfig.stderr, /"rules" has an unknown key "no-such-rule" \(known: blocking-call-in-async, /);
    const missing = await run(['nowhere'], dir);
    assert.equal(missing.code, 2);
  });

  it('a loopwise.config.json value of the wrong type is a usage error naming the key and what it takes (package.json\'s schema)', async () => {
    const cases: Array<[object, RegExp]> = [
      [{ enable: 'no' }, /"enable" is "no" \(a string\); expected a boolean \(true or false\)/],
      [{ rules: [] }, /"rules" is \[\] \(an array\); expected an object/],
      [{ 'loopwise.rules': { 'blocking-call-in-async': 'loud' } }, /"rules\.blocking-call-in-async" is "loud" \(a string\); expected one of "off", "hint", "info", "warning", "error"/],
      [{ rules: { 'no-such-rule': 'error' } }, /"rules" has an unknown key "no-such-rule"/],
      [{ blockingApis: { extra: 'fs#readFileSync' } }, /"blockingApis\.extra" is "fs#readFileSync" \(a string\); expected an array/],
      [{ blockingApis: { extra: ['readFileSync'] } }, /"blockingApis\.extra\[0\]" is "readFileSync" \(a string\); expected a string matching/],
      [{ profiler: { maxWorkers: -1 } }, /"profiler\.maxWorkers" is -1 \(an integer\); expected at least 0/],
      [{ enabled: false }, /unknown setting "enabled" \(known: enable, diagnosticMode, rules, /],
    ];
    for (const [config, message] of cases) {
      const dir = project({ 'a.ts': BLOCKING, 'loopwise.config.json': JSON.stringify(config) });
      const { code, stdout, stderr } = await run(['.'], dir);
      assert.equal(code, 2, `${JSON.stringify(config)}: exit ${code}\n${stdout}`);
      assert.match(stderr, message, JSON.stringify(config));
      assert.match(stderr, /loopwise\.config\.json: /, 'the message names the file');
    }
    // What the schema allows still passes: dotted and nested keys, and an editor's "$schema".
    const dir = project({ 'a.ts': BLOCKING, 'loopwise.config.json': JSON.stringify({ $schema: 'x', 'loopwise.enable': true, blockingApis: { extra: ['my-lib#slowSync'] }, profiler: { maxWorkers: 2 } }) });
    assert.equal((await run(['.'], dir)).code, 1);
  });

  it('prints SARIF 2.1.0 with rules, results and locations', async () => {
    const dir = project({ 'a.ts': BLOCKING });
    const { stdout } = await run(['--format', 'sarif', '.'], dir);
    const sarif = JSON.parse(stdout);
    assert.equal(sarif.version, '2.1.0');
    const run0 = sarif.runs[0];
    assert.ok(run0.tool.driver.rules.some((r: { id: string }) => r.id === 'blocking-call-in-async'));
    assert.equal(run0.results.length, 1);
    assert.equal(run0.results[0].level, 'warning');
    assert.deepEqual(run0.results[0].locations[0].physicalLocation.region, { startLine: 3, startColumn: 10, endLine: 3, endColumn: 25 });
    assert.equal(run0.results[0].locations[0].physicalLocation.artifactLocation.uri, 'a.ts');
  });

  it('notes each file it cannot analyse and still analyses the others', async () => {
    const minified = 'var a=' + '[1,2,3,'.repeat(10).slice(0, -1) + '];'.padEnd(1, ' ');
    const dir = project({
      'good.ts': BLOCKING,
      'syntax.ts': `import { readFileSync } from 'fs';\nexport async function g(ps: string[]) { for (const p of ps) {\n  return readFileSync(p);\n} }\nexport function broken( {\n`,
      'minified.js': (minified + ';').repeat(Math.ceil((5 * 1024 * 1024) / minified.length)),
      'binary.js': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 3, 0, 0]),
      'latin1.ts': Buffer.concat([Buffer.from('export const caf'), Buffer.from([0xe9]), Buffer.from(' = 1;\n')]),
      'deep.ts': `export const x = ${'('.repeat(5000)}1${')'.repeat(5000)};\n`,
      // Nested without brackets, so only the parser itself can tell; another file imports it.
      'ternary.ts': `export const t = ${'a ? 1 : '.repeat(5000)}0;\nconst a = Math.random() > 0.5;\n`,
      'uses-ternary.ts': `import { t } from './ternary';\nexport const u = t;\n`,
    });
    const { code, stdout } = await run(['--format', 'json', '.'], dir);
    assert.equal(code, 1);
    const report = JSON.parse(stdout);
    const errors = Object.fromEntries(report.errors.map((e: { file: string; message: string }) => [e.file, e.message]));
    assert.match(errors['minified.js'], /over Loopwise's 2 MB limit/);
    assert.match(errors['binary.js'], /binary/);
    assert.match(errors['latin1.ts'], /not valid UTF-8/);
    assert.match(errors['deep.ts'], /nest 5000 levels deep/);
    assert.match(errors['syntax.ts'], /syntax error/);
    assert.match(errors['ternary.ts'], /nested too deeply/);
    assert.equal(errors['uses-ternary.ts'], undefined);
    const files = report.diagnostics.map((d: { file: string }) => d.file).sort();
    assert.deepEqual(files, ['good.ts', 'syntax.ts']);
  });

  it('exits 2 and says the run failed when Loopwise fails on a file, and still reports the rest', async (t) => {
    // The fault Node 20's code cache caused: the Python backend could not load.
    t.mock.method(PythonBackend.prototype, 'analyzeFile', async () => {
      throw new TypeError('A dynamic import callback was not specified.');
    });
    const dir = project({ 'a.ts': BLOCKING, 'main.py': 'import time\nasync def f():\n    time.sleep(1)\n' });
    const json = await run(['--format', 'json', '.'], dir);
    assert.equal(json.code, 2);
    const report = JSON.parse(json.stdout);
    assert.equal(report.executionSuccessful, false);
    assert.deepEqual(report.diagnostics.map((d: { file: string }) => d.file), ['a.ts']);
    assert.deepEqual(report.errors, [{ file: 'main.py', message: 'could not analyse this file: A dynamic import callback was not specified.', kind: 'failed' }]);

    const sarif = await run(['--format', 'sarif', '.'], dir);
    assert.equal(sarif.code, 2);
    const invocation = JSON.parse(sarif.stdout).runs[0].invocations[0];
    assert.equal(invocation.executionSuccessful, false);
    assert.equal(invocation.toolExecutionNotifications.length, 1);
    assert.equal(invocation.toolExecutionNotifications[0].level, 'error');
    assert.equal(invocation.toolExecutionNotifications[0].locations[0].physicalLocation.artifactLocation.uri, 'main.py');

    const text = await run(['.'], dir);
    assert.equal(text.code, 2);
    const lines = text.stdout.trimEnd().split('\n');
    assert.equal(lines.at(-2), '1 file not analysed: main.py (A dynamic import callback was not specified.)');
    assert.match(lines.at(-1)!, /^loopwise failed on some files/);
  });

  it('exits 2 with a failed SARIF run when the whole run fails', async (t) => {
    t.mock.method(TypeScriptBackend.prototype, 'preload', () => {
      throw new Error('the compiler fell over');
    });
    const dir = project({ 'a.ts': BLOCKING });
    const sarif = await run(['--format', 'sarif', '.'], dir);
    assert.equal(sarif.code, 2);
    assert.match(sarif.stderr, /internal error: Error: the compiler fell over/);
    const invocation = JSON.parse(sarif.stdout).runs[0].invocations[0];
    assert.equal(invocation.executionSuccessful, false);
    assert.deepEqual(invocation.toolExecutionNotifications, [{ level: 'error', message: { text: 'internal error: the compiler fell over' } }]);
    const json = await run(['--format', 'json', '.'], dir);
    assert.equal(json.code, 2);
    assert.equal(JSON.parse(json.stdout).executionSuccessful, false);
    assert.equal(JSON.parse(json.stdout).failure, 'internal error: the compiler fell over');
  });

  it('a file skipped for its own reason is a note: the run succeeds and the text ends with what was not analysed', async () => {
    const binary = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.alloc(252, 1)]);
    const dir = project({ 'a.ts': BLOCKING, 'blob.js': binary, 'image.ts': binary });
    const json = await run(['--format', 'json', '.'], dir);
    assert.equal(json.code, 1);
    const report = JSON.parse(json.stdout);
    assert.equal(report.executionSuccessful, true);
    assert.deepEqual(report.errors.map((e: { kind: string }) => e.kind), ['skipped', 'skipped']);
    const sarif = await run(['--format', 'sarif', '.'], dir);
    assert.equal(sarif.code, 1);
    const invocation = JSON.parse(sarif.stdout).runs[0].invocations[0];
    assert.equal(invocation.executionSuccessful, true);
    assert.deepEqual(invocation.toolExecutionNotifications.map((n: { level: string }) => n.level), ['warning', 'warning']);
    const text = await run(['.'], dir);
    assert.equal(text.code, 1);
    assert.equal(text.stdout.trimEnd().split('\n').at(-1),
      '2 files not analysed: blob.js (looks binary, full of NUL and control bytes), image.ts (looks binary, full of NUL and control bytes)');
  });

  it('runs as the bundled bin, as `npx loopwise` does', () => {
    const dir = project({ 'a.ts': BLOCKING });
    const result = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), '--format', 'json', dir], { encoding: 'utf8' });
    assert.equal(result.status, 1, result.stderr);
    assert.equal(JSON.parse(result.stdout).diagnostics.length, 1);
  });

  it('keeps a compile cache that a later start reads, and starts fine from a corrupt one', () => {
    const dir = project({ 'a.ts': BLOCKING });
    const cache = mkdtempSync(join(tmpdir(), 'loopwise-compile-cache-'));
    const cli = (env: Record<string, string>) =>
      spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), '--format', 'json', dir], { encoding: 'utf8', env: { ...process.env, ...env } });
    const cold = cli({ LOOPWISE_COMPILE_CACHE: cache });
    assert.equal(cold.status, 1, cold.stderr);
    const written = readdirSync(cache).filter((f) => f.endsWith('.v8cache'));
    // Node 22+ keeps its own cache layout in the folder; Node 20 gets one file per bundle.
    if (written.length > 0) {
      assert.equal(written.length, 1);
      assert.ok(statSync(join(cache, written[0])).size > 1_000_000, 'the cache holds the compiled bundle');
      writeFileSync(join(cache, written[0]), Buffer.from('not a V8 code cache'));
    } else {
      assert.ok(readdirSync(cache).length > 0, 'Node wrote its compile cache into the folder');
    }
    const warm = cli({ LOOPWISE_COMPILE_CACHE: cache });
    assert.equal(warm.status, 1, warm.stderr);
    assert.deepEqual(JSON.parse(warm.stdout), JSON.parse(cold.stdout));
    if (written.length > 0) assert.ok(statSync(join(cache, written[0])).size > 1_000_000, 'a rejected cache is written again');
    const off = cli({ LOOPWISE_COMPILE_CACHE: '0' });
    assert.deepEqual(JSON.parse(off.stdout), JSON.parse(cold.stdout));
  });
});
