/**
 * Run twice, on Node 20, 22 and 24: the CLI and the language server (over stdio),
 * each on a TypeScript and a Python file, first with an empty compile cache and then
 * with the cache the first run left, must report every finding both times. Node 20
 * once lost every Python finding on the second run (a code-cached script had no
 * dynamic-import callback), and the old cache test only ran TypeScript.
 *
 * The Node binaries come from the npm packages node@NN, installed by
 * `node scripts/install-node-matrix.mjs` (`.ci/run` does) into .cache/node-matrix/;
 * the machine's own Node stands in for its major. A missing one is skipped, saying
 * so; under CI a missing one fails.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LspTestClient } from '../helpers/lsp-client';
import { repoRoot } from '../helpers/workspace';

const MAJORS = [20, 22, 24];

/** The installer's binary for `major` (scripts/install-node-matrix.mjs), else this Node if it is that major. */
function findNode(major: number): string | undefined {
  const installed = join(repoRoot, '.cache', 'node-matrix', String(major), 'node_modules', '.bin', 'node');
  if (existsSync(installed)) return installed;
  if (Number(process.versions.node.split('.')[0]) === major) return process.execPath;
  return undefined;
}

const FILES: Record<string, string> = {
  'service.ts': `import { readFileSync } from 'fs';\nexport async function load(ps: string[]) { for (const p of ps) {\n  return readFileSync(p);\n} }\n`,
  'worker.py': `import time\n\n\nasync def poll():\n    time.sleep(1)\n`,
};
/** file:line rule, 1-based, for every finding the two files must get. */
const EXPECTED = ['service.ts:3 blocking-call-in-async', 'worker.py:5 blocking-call-in-async'];

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'loopwise-matrix-'));
  for (const [name, text] of Object.entries(FILES)) writeFileSync(join(dir, name), text);
  return dir;
}

/** This environment with the compile cache in a fresh folder of its own, and Node's cache log on. */
function envWithCache(cacheHome: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: cacheHome, NODE_DEBUG_NATIVE: 'COMPILE_CACHE' };
  delete env.LOOPWISE_COMPILE_CACHE;
  delete env.NODE_DISABLE_COMPILE_CACHE;
  delete env.NODE_COMPILE_CACHE;
  return env;
}

/** What the cache folder holds after a cold run, and a check that a warm run read it. */
function cacheWitness(cacheDir: string, bundle: string) {
  const entries = existsSync(cacheDir) ? readdirSync(cacheDir) : [];
  const v8cache = entries.find((e) => e.startsWith(`${bundle}-`) && e.endsWith('.v8cache'));
  const mtime = v8cache ? statSync(join(cacheDir, v8cache)).mtimeMs : undefined;
  return {
    entries,
    /** Node 20 (vm.Script): the entry is not written again when V8 accepted it. Node 22+: Node's own log says it was accepted. */
    assertWarmRunUsedIt(stderr: string) {
      if (v8cache) {
        assert.equal(statSync(join(cacheDir, v8cache)).mtimeMs, mtime, `${v8cache} was rewritten: V8 rejected the cache`);
      } else {
        assert.match(stderr, new RegExp(`cache for (?:CommonJS )?\\S*${bundle.replace('.', '\\.')} was accepted`), 'Node accepted its compile cache on the warm run');
      }
    },
  };
}

for (const major of MAJORS) {
  const node = findNode(major);
  const missing = node ? undefined : `Node ${major} is not installed here: run node scripts/install-node-matrix.mjs`;
  describe(`Node ${major}, run twice (cold then warm compile cache)`, () => {
    if (missing && process.env.CI) {
      it('is installed (CI installs it in .ci/run)', () => assert.fail(missing));
      return;
    }

    it('CLI: every TypeScript and Python finding, both times', { skip: missing }, () => {
      const dir = project();
      const cacheHome = mkdtempSync(join(tmpdir(), 'loopwise-matrix-cache-'));
      const env = envWithCache(cacheHome);
      const cli = () => spawnSync(node!, [join(repoRoot, 'dist', 'cli.js'), '--format', 'json', '.'], { cwd: dir, env, encoding: 'utf8' });
      const cold = cli();
      const witness = cacheWitness(join(cacheHome, 'loopwise'), 'cli-main.js');
      assert.ok(witness.entries.length > 0, `the cold run left a compile cache in ${cacheHome}/loopwise\n${cold.stderr}`);
      const warm = cli();
      for (const [name, result] of [['cold', cold], ['warm', warm]] as const) {
        assert.equal(result.status, 1, `${name} run: exit ${result.status}\n${result.stdout}\n${result.stderr}`);
        const report = JSON.parse(result.stdout);
        assert.deepEqual(report.errors, [], `${name} run noted files`);
        assert.equal(report.executionSuccessful, true);
        assert.deepEqual(report.diagnostics.map((d: { file: string; line: number; rule: string }) => `${d.file}:${d.line} ${d.rule}`).sort(), EXPECTED, `${name} run`);
      }
      witness.assertWarmRunUsedIt(warm.stderr);
    });

    it('language server over stdio: every TypeScript and Python finding, both times', { skip: missing }, async () => {
      const dir = project();
      const cacheHome = mkdtempSync(join(tmpdir(), 'loopwise-matrix-cache-'));
      const env = envWithCache(cacheHome);
      const session = async () => {
        const client = new LspTestClient(join(repoRoot, 'dist', 'server.js'), { node, env });
        try {
          await client.initialize(dir);
          const found: string[] = [];
          const notes: string[] = [];
          for (const name of Object.keys(FILES)) {
            const uri = client.open(join(dir, name), readFileSync(join(dir, name), 'utf8'));
            for (const d of await client.diagnostics(uri)) {
              if (d.code) found.push(`${name}:${d.range.start.line + 1} ${String(d.code)}`);
              else notes.push(`${name}: ${typeof d.message === 'string' ? d.message : JSON.stringify(d.message)}`);
            }
          }
          return { found: found.sort(), notes, client };
        } finally {
          await client.shutdown();
        }
      };
      const cold = await session();
      const witness = cacheWitness(join(cacheHome, 'loopwise'), 'server-main.js');
      assert.ok(witness.entries.length > 0, `the cold server left a compile cache in ${cacheHome}/loopwise\n${cold.client.stderr}`);
      const warm = await session();
      for (const [name, result] of [['cold', cold], ['warm', warm]] as const) {
        assert.deepEqual(result.notes, [], `${name} server noted files`);
        assert.deepEqual(result.found, EXPECTED, `${name} server\n${result.client.stderr.slice(-2000)}`);
      }
      witness.assertWarmRunUsedIt(warm.client.stderr);
    });
  });
}
