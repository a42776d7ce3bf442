/** The `loopwise` CLI: formats, exit codes, config, and files it cannot analyse. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { main } from '../../server/src/cli';
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

const BLOCKING = `import { readFileSync } from 'fs';\nexport async function f(p: string) {\n  return readFileSync(p);\n}\n`;

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
      { ...report.diagnostics[0], message: undefined },
      { file: 'src/a.ts', line: 3, column: 10, endLine: 3, endColumn: 25, rule: 'blocking-call-in-async', severity: 'warning', message: undefined, related: [] },
    );
  });

  it('exits 0 when nothing is at warning or above, and honours loopwise.config.json', async () => {
    const dir = project({ 'a.ts': BLOCKING, 'loopwise.config.json': JSON.stringify({ rules: { 'blocking-call-in-async': 'info' } }) });
    const { code, stdout } = await run(['.'], dir);
    assert.equal(code, 0);
    assert.match(stdout, /a\.ts:3:10 {2}info/);
  });

  it('loopwise.config.json turns peer suppressions off, and rejects a non-boolean for it', async () => {
    const silenced = `import { readFileSync } from 'fs';\nexport async function f(p: string) {\n  // eslint-disable-next-line n/no-sync\n  return readFileSync(p);\n}\n`;
    const honoured = await run(['--format', 'json', '.'], project({ 'a.ts': silenced }));
    assert.equal(JSON.parse(honoured.stdout).diagnostics.length, 0);
    const off = await run(['--format', 'json', '.'], project({ 'a.ts': silenced, 'loopwise.config.json': JSON.stringify({ 'loopwise.honourPeerSuppressions': false }) }));
    assert.deepEqual(JSON.parse(off.stdout).diagnostics.map((d: { rule: string; line: number }) => [d.rule, d.line]), [['blocking-call-in-async', 4]]);
    const bad = await run(['.'], project({ 'a.ts': silenced, 'loopwise.config.json': JSON.stringify({ honourPeerSuppressions: 'no' }) }));
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /honourPeerSuppressions" must be true or false/);
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
    assert.match(badConfig.stderr, /unknown rule "no-such-rule"/);
    const missing = await run(['nowhere'], dir);
    assert.equal(missing.code, 2);
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
      'syntax.ts': `import { readFileSync } from 'fs';\nexport async function g(p: string) {\n  return readFileSync(p);\n}\nexport function broken( {\n`,
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
