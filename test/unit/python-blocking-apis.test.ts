/**
 * The Python blocking-API tables (server/src/lang/python/blocking-apis.ts): the
 * docs' coverage list is the tables rendered, every type with blocking methods can
 * be reached from a constructor, annotation or method result, pure path arithmetic
 * is never blocking, and the rule's findings on the family fixtures read as one
 * short line with the why and the fix in the detail.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS } from '../../server/src/protocol';
import { ALIASES, ATTRIBUTE_TYPES, FACTORIES, ITEM_TYPES, METHOD_RESULTS } from '../../server/src/lang/python/apis';
import { blockingApiNamed, FAMILIES } from '../../server/src/lang/python/blocking-apis';
import { PythonBackend } from '../../server/src/lang/python/backend';
import { repoRoot } from '../helpers/workspace';
import { pythonRules } from './python-test-rules';

const START = '<!-- python-blocking-apis:start (rendered from server/src/lang/python/blocking-apis.ts; test/unit/python-blocking-apis.test.ts checks it) -->';
const END = '<!-- python-blocking-apis:end -->';

/** The coverage list as the docs show it, one bullet per family. */
function renderCoverage(): string {
  const lines = [START];
  for (const f of Object.values(FAMILIES)) {
    const names = f.functions ? [f.functions.map((n) => `\`${n.replace(/^builtins\./, '')}()\``).join(', ')] : [];
    for (const [type, methods] of Object.entries(f.methods ?? {})) {
      const except = f.except?.[type];
      names.push(methods[0] === '*' ? `every \`${type}\` method but ${except!.map((m) => `\`${m}\``).join(', ')}` : `\`${type}\`: ${methods.map((m) => `\`.${m}()\``).join(', ')}`);
    }
    lines.push(`- **${f.title}**: ${names.join('; ')}. Instead: ${f.alternative}.`);
  }
  lines.push(END);
  return lines.join('\n');
}

describe('Python blocking-API tables', () => {
  it('the docs list exactly what the tables cover', () => {
    const doc = readFileSync(join(repoRoot, 'docs', 'rules', 'blocking-call-in-async.md'), 'utf8');
    const start = doc.indexOf(START);
    const end = doc.indexOf(END);
    const expected = renderCoverage();
    assert.ok(start >= 0 && end > start, `docs/rules/blocking-call-in-async.md has no coverage block; add:\n${expected}`);
    assert.equal(doc.slice(start, end + END.length), expected, `the coverage block is out of date; replace it with:\n${expected}`);
  });

  it('names no API in two families', () => {
    const seen = new Map<string, string>();
    for (const [key, f] of Object.entries(FAMILIES)) {
      const names = [...(f.functions ?? []), ...Object.entries(f.methods ?? {}).flatMap(([t, ms]) => ms.map((m) => `${t}.${m}`))];
      for (const n of names) {
        assert.equal(seen.get(n), undefined, `${n} is in ${seen.get(n)} and ${key}`);
        seen.set(n, key);
      }
    }
  });

  it('every type with blocking methods is one a receiver can have', () => {
    const reachable = new Set([...Object.values(FACTORIES), ...Object.values(METHOD_RESULTS), ...Object.values(ATTRIBUTE_TYPES), ...Object.values(ITEM_TYPES), ...Object.values(ALIASES)]);
    for (const f of Object.values(FAMILIES)) {
      for (const type of Object.keys(f.methods ?? {})) assert.ok(reachable.has(type), `nothing makes a ${type}: its methods can never be matched`);
    }
  });

  it('pure path arithmetic and pure paths are not blocking', () => {
    for (const n of ['os.path.join', 'os.path.normpath', 'os.path.abspath', 'os.path.basename', 'os.path.dirname', 'os.path.splitext', 'pathlib.PurePath.with_suffix', 'pathlib.PurePath.joinpath', 'pathlib.Path.with_suffix', 'pathlib.Path.is_absolute', 'pathlib.Path.as_posix']) {
      assert.equal(blockingApiNamed(n), undefined, n);
    }
    assert.equal(ALIASES['pathlib.PurePosixPath'], 'pathlib.PurePath');
  });

  it('starting a process is not blocking; waiting for it is', () => {
    for (const n of ['os.posix_spawn', 'os.posix_spawnp']) assert.equal(blockingApiNamed(n), undefined, n);
    assert.ok(blockingApiNamed('subprocess.Popen')?.onlyInWith, 'Popen() blocks only as a with item (its exit waits)');
    assert.equal(blockingApiNamed('os.spawnv')?.onlyWhen?.equals, 'os.P_WAIT');
    for (const n of ['subprocess.Popen.wait', 'subprocess.Popen.communicate', 'subprocess.run', 'os.waitpid']) assert.ok(blockingApiNamed(n), n);
  });

  it('a type blocking on every method leaves out its no-I/O methods and private ones', () => {
    assert.ok(blockingApiNamed('redis.Redis.hgetall'));
    assert.equal(blockingApiNamed('redis.Redis.pipeline'), undefined);
    assert.equal(blockingApiNamed('redis.Redis._send'), undefined);
    assert.ok(blockingApiNamed('boto3.Client.list_buckets'));
    assert.equal(blockingApiNamed('boto3.Client.get_paginator'), undefined);
  });

  it('findings on the family fixtures: one short line, the why and the async replacement in the detail', async () => {
    const dir = join(repoRoot, 'test-fixtures', 'rules', 'blocking-call-in-async');
    const families = ['processes.py', 'files.py', 'network.py', 'databases.py', 'sync_primitives.py'];
    assert.deepEqual(families.filter((f) => !readdirSync(dir).includes(f)), []);
    const backend = new PythonBackend([dir], pythonRules);
    let count = 0;
    for (const file of families) {
      const findings = (await backend.analyzeFile(join(dir, file), DEFAULT_SETTINGS, { isCancellationRequested: false })).filter((f) => f.rule === 'blocking-call-in-async');
      assert.ok(findings.length > 0, file);
      for (const f of findings) {
        // One finding stands for the blocking calls of one function: count them all.
        count += 1 + Number(/^'[^']+' and (\d+) more blocking calls? /.exec(f.message)?.[1] ?? 0);
        assert.ok(f.message.length <= 140, `${file}: ${f.message.length} characters: ${f.message}`);
        assert.doesNotMatch(f.message, /`/);
        assert.match(f.message, /^'[^']+' (blocks the event loop in 'async def \w+'|in sync '\w+' blocks the event loop: 'async def \w+'|and \d+ more blocking calls? (block the event loop in 'async def \w+'|in sync '\w+' block the event loop: 'async def \w+'))/);
        assert.match(f.detail ?? '', /Use .+\.$/, `${file}: ${f.message}: ${f.detail}`);
      }
    }
    assert.ok(count > 150, `${count} findings`);
  });
});
