/**
 * The profiler's structure (issue 11): the settings' defaults in one protocol module that
 * agrees with package.json, no import cycle inside the profiler, the verdicts' numbers
 * named in thresholds.ts, and the Python runner shipped as an asset.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { PROFILER_DEFAULTS, PROFILER_SETTINGS_SECTION } from '../../server/src/profiler/protocol.js';
import { findRunnerScript, RUNNER_FILE } from '../../server/src/profiler/python/run-python.js';

const root = join(__dirname, '..', '..', '..');
const profilerSrc = join(root, 'server', 'src', 'profiler');

test('package.json declares the profiler settings with the protocol module’s defaults', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { default: unknown }> } } };
  const props = pkg.contributes.configuration.properties;
  const declared = Object.keys(props).filter((k) => k.startsWith(`${PROFILER_SETTINGS_SECTION}.`)).sort();
  assert.deepEqual(declared, Object.keys(PROFILER_DEFAULTS).map((k) => `${PROFILER_SETTINGS_SECTION}.${k}`).sort());
  for (const [k, v] of Object.entries(PROFILER_DEFAULTS)) assert.deepEqual(props[`${PROFILER_SETTINGS_SECTION}.${k}`].default, v, k);
});

test('the client takes the profiler defaults from the protocol module, not literals', () => {
  const command = readFileSync(join(root, 'client', 'src', 'profile', 'profile-command.ts'), 'utf8');
  const gets = [...command.matchAll(/config\.get<[^>]+>\('(\w+)',\s*([^)]+)\)/g)];
  assert.ok(gets.length >= 3, 'the command reads the profiler settings');
  for (const [, key, fallback] of gets) assert.equal(fallback.trim(), `PROFILER_DEFAULTS.${key}`, `the default of ${key}`);
});

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : /\.ts$/.test(n) ? [p] : [];
  });
}

test('no import cycle inside server/src/profiler', () => {
  const files = sources(profilerSrc);
  const graph = new Map<string, string[]>();
  for (const f of files) {
    const deps: string[] = [];
    for (const m of readFileSync(f, 'utf8').matchAll(/^(?:import|export)\s[^'"]*?from\s+'(\.[^']+)'/gm)) {
      const t = resolve(dirname(f), m[1]);
      const hit = [`${t}.ts`, join(t, 'index.ts')].find((c) => existsSync(c));
      if (hit) deps.push(hit);
    }
    graph.set(f, deps);
  }
  const cycles: string[] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (n: string) => {
    if (path.includes(n)) {
      cycles.push(path.slice(path.indexOf(n)).concat(n).map((x) => relative(profilerSrc, x)).join(' -> '));
      return;
    }
    if (done.has(n)) return;
    path.push(n);
    for (const d of graph.get(n) ?? []) visit(d);
    path.pop();
    done.add(n);
  };
  for (const f of files) visit(f);
  assert.ok(graph.size > 10, 'the walk found the profiler');
  assert.deepEqual(cycles, []);
});

test('the verdicts compare with named thresholds, not bare literals', () => {
  for (const f of ['verdict.ts', 'verdict-python.ts', 'assemble.ts', 'assemble-node.ts', join('python', 'assemble-python.ts')]) {
    const code = readFileSync(join(profilerSrc, f), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\/\/.*$/gm, '')
      .replace(/`(?:[^`\\]|\\.)*`|'(?:[^'\\]|\\.)*'/g, "''");
    // Comparisons with a fractional literal (0.7, 1.2 …) belong in thresholds.ts.
    const bare = [...code.matchAll(/[<>]=?\s*(\d*\.\d+)\b|\b(\d*\.\d+)\s*\*\s*[a-z]/gi)].map((m) => m[0]);
    assert.deepEqual(bare, [], f);
  }
});

test('the Python runner is a .py asset, shipped in dist/ and allowed into the .vsix', () => {
  assert.ok(existsSync(join(profilerSrc, 'python', RUNNER_FILE)));
  assert.ok(readFileSync(join(root, 'scripts', 'bundle.mjs'), 'utf8').includes(`server/src/profiler/python/${RUNNER_FILE}`));
  assert.ok(readFileSync(join(root, '.vscodeignore'), 'utf8').split('\n').includes(`!dist/${RUNNER_FILE}`));
  assert.ok(existsSync(findRunnerScript()));
  assert.ok(existsSync(join(root, 'dist', RUNNER_FILE)), 'run node scripts/bundle.mjs first');
});
