/**
 * The compile cache holds code the next start runs, so it lives only in a folder
 * of this user's own: these plant what another local user could (a folder they
 * own or anyone can write, a link at the temporary name, a forged entry) and
 * check that none of it is used or written through.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vm from 'node:vm';
import { describe, it } from 'node:test';
import { codeCacheFile, compileCacheDir, defaultCacheDir, readOwnFile, writeFileExclusive } from '../../server/src/launch/compile-cache';

const compileCacheModule = require.resolve('../../server/src/launch/compile-cache');
const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;
const usesVmCache = typeof (Module as { enableCompileCache?: unknown }).enableCompileCache !== 'function';

const scratch = (name: string) => mkdtempSync(join(tmpdir(), `loopwise-cc-${name}-`));

function logs(): { log: (m: string) => void; lines: string[] } {
  const lines: string[] = [];
  return { log: (m) => lines.push(m), lines };
}

/** Loads `bundle` through the compile cache in a fresh Node, as the launchers do; returns what it exported. */
function loadInChild(bundle: string, env: Record<string, string>, prelude = '') {
  const script = `${prelude}\nconst out = require(${JSON.stringify(compileCacheModule)}).requireWithCompileCache(${JSON.stringify(bundle)}); console.log(JSON.stringify(out));`;
  const inherited = { ...process.env };
  delete inherited.LOOPWISE_COMPILE_CACHE;
  delete inherited.NODE_DISABLE_COMPILE_CACHE;
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...inherited, ...env } });
  assert.equal(result.status, 0, result.stderr);
  return { value: JSON.parse(result.stdout.trim().split('\n').pop()!), stderr: result.stderr };
}

describe('compile cache: where it lives', () => {
  it('is $XDG_CACHE_HOME/loopwise, else ~/.cache/loopwise, created 0700', () => {
    const base = scratch('xdg');
    const { log, lines } = logs();
    const dir = compileCacheDir({ XDG_CACHE_HOME: join(base, 'xdg') }, log);
    assert.equal(dir, join(base, 'xdg', 'loopwise'));
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    assert.equal(statSync(join(base, 'xdg')).mode & 0o777, 0o700, 'a missing folder above it is made 0700 too');
    assert.deepEqual(lines, []);
    assert.equal(defaultCacheDir({ XDG_CACHE_HOME: 'relative/path' })?.endsWith(join('.cache', 'loopwise')), true, 'a relative XDG_CACHE_HOME is ignored');
    assert.equal(compileCacheDir({ LOOPWISE_COMPILE_CACHE: '0' }, log), undefined);
  });

  it('refuses a folder that anyone can write, and says why', () => {
    const planted = scratch('open');
    chmodSync(planted, 0o777);
    const { log, lines } = logs();
    assert.equal(compileCacheDir({ LOOPWISE_COMPILE_CACHE: planted }, log), undefined);
    assert.match(lines.join('\n'), /compile cache off: .* can be written by others \(mode 777\)/);
  });

  it('refuses a folder under a folder others can write (without the sticky bit)', () => {
    const open = scratch('parent');
    chmodSync(open, 0o777);
    const { log, lines } = logs();
    assert.equal(compileCacheDir({ LOOPWISE_COMPILE_CACHE: join(open, 'cache') }, log), undefined);
    assert.match(lines.join('\n'), /on the way to the cache\) can be written by others/);
  });

  it('refuses a folder that another user owns', { skip: !isRoot && 'needs root to give a folder to another uid' }, () => {
    const planted = scratch('theirs');
    chmodSync(planted, 0o755);
    chownSync(planted, NOBODY, NOBODY);
    const { log, lines } = logs();
    assert.equal(compileCacheDir({ LOOPWISE_COMPILE_CACHE: planted }, log), undefined);
    assert.match(lines.join('\n'), new RegExp(`belongs to uid ${NOBODY}, not to this user`));
  });

  it('a run with a refused folder still works and writes nothing there', () => {
    const bundle = join(scratch('bundle'), 'bundle.js');
    writeFileSync(bundle, 'module.exports = "good";\n');
    const planted = scratch('open-run');
    chmodSync(planted, 0o777);
    const { value, stderr } = loadInChild(bundle, { LOOPWISE_COMPILE_CACHE: planted });
    assert.equal(value, 'good');
    assert.match(stderr, /loopwise: compile cache off: .* can be written by others/);
    assert.deepEqual(readdirSync(planted), []);
    // The control: a folder of our own gets the cache (Node 20's file, or Node 22+'s own folder).
    const own = scratch('own-run');
    assert.equal(loadInChild(bundle, { LOOPWISE_COMPILE_CACHE: own }).value, 'good');
    assert.notDeepEqual(readdirSync(own), []);
  });
});

describe('compile cache: files', () => {
  it('never writes through a link planted at the temporary name', () => {
    const dir = scratch('tmp-link');
    const victim = join(scratch('victim'), 'root-only');
    writeFileSync(victim, 'precious\n', { mode: 0o600 });
    const target = join(dir, 'entry.v8cache');
    symlinkSync(victim, `${target}.${process.pid}.tmp`);
    assert.equal(writeFileExclusive(target, Buffer.from('cache bytes')), false);
    assert.equal(readFileSync(victim, 'utf8'), 'precious\n');
    assert.equal(existsSync(target), false);
  });

  it('replaces a link planted at the entry name instead of writing through it', () => {
    const dir = scratch('entry-link');
    const victim = join(scratch('victim'), 'root-only');
    writeFileSync(victim, 'precious\n', { mode: 0o600 });
    const target = join(dir, 'entry.v8cache');
    symlinkSync(victim, target);
    assert.equal(writeFileExclusive(target, Buffer.from('cache bytes')), true);
    assert.equal(readFileSync(victim, 'utf8'), 'precious\n');
    assert.equal(lstatSync(target).isSymbolicLink(), false);
    assert.equal(readFileSync(target, 'utf8'), 'cache bytes');
    assert.equal(statSync(target).mode & 0o777, 0o600);
  });

  it('reads an entry only if it is our own regular file that nobody else can write', () => {
    const dir = scratch('read');
    const ours = join(dir, 'ours');
    writeFileSync(ours, 'x', { mode: 0o600 });
    const { log, lines } = logs();
    assert.equal(readOwnFile(ours, log)?.toString(), 'x');
    symlinkSync(ours, join(dir, 'link'));
    assert.equal(readOwnFile(join(dir, 'link'), log), undefined);
    const open = join(dir, 'open');
    writeFileSync(open, 'x');
    chmodSync(open, 0o666);
    assert.equal(readOwnFile(open, log), undefined);
    assert.equal(readOwnFile(join(dir, 'missing'), log), undefined);
    assert.equal(lines.length, 2, lines.join('\n'));
    assert.match(lines[0], /symbolic link/);
    assert.match(lines[1], /others can write it/);
  });

  it('a save at exit does not write through a link at the temporary name', { skip: !usesVmCache && 'Node 22+ writes its own compile cache (inside our 0700 folder)' }, () => {
    const bundle = join(scratch('bundle'), 'bundle.js');
    writeFileSync(bundle, 'module.exports = "good";\n');
    const dir = scratch('save');
    const victim = join(scratch('victim'), 'root-only');
    writeFileSync(victim, 'precious\n', { mode: 0o600 });
    // The child plants the link at its own temporary name, as an attacker who guessed its pid would.
    const prelude = `const { codeCacheFile } = require(${JSON.stringify(compileCacheModule)});
      require('fs').symlinkSync(${JSON.stringify(victim)}, codeCacheFile(${JSON.stringify(bundle)}, ${JSON.stringify(dir)}).cacheFile + '.' + process.pid + '.tmp');`;
    assert.equal(loadInChild(bundle, { LOOPWISE_COMPILE_CACHE: dir }, prelude).value, 'good');
    assert.equal(readFileSync(victim, 'utf8'), 'precious\n');
  });

  it('never runs a forged entry planted by another user', { skip: !usesVmCache && 'forges a Node 20 vm.Script entry; on Node 22+ the refused folder is never handed to Node' }, () => {
    // V8 matches cached code to a source by its length, so an entry compiled from a
    // same-length evil source runs instead of the real one if it is read.
    const good = 'module.exports = "good";\n';
    const evil = 'module.exports = "evil";\n';
    const bundle = join(scratch('bundle'), 'bundle.js');
    writeFileSync(bundle, good);
    const forge = (dir: string) => {
      const { cacheFile } = codeCacheFile(bundle, dir);
      const script = new vm.Script((Module as unknown as { wrap(s: string): string }).wrap(evil), { filename: bundle });
      writeFileSync(cacheFile, script.createCachedData());
      return cacheFile;
    };
    // The forgery works when the cache is read: it is a fair test.
    const ownDir = scratch('own');
    forge(ownDir);
    assert.equal(loadInChild(bundle, { LOOPWISE_COMPILE_CACHE: ownDir }).value, 'evil', 'a forged entry in our own folder would run');

    const open = scratch('open');
    forge(open);
    chmodSync(open, 0o777);
    assert.equal(loadInChild(bundle, { LOOPWISE_COMPILE_CACHE: open }).value, 'good');
    if (isRoot) {
      const theirs = scratch('theirs');
      forge(theirs);
      chownSync(theirs, NOBODY, NOBODY);
      assert.equal(loadInChild(bundle, { LOOPWISE_COMPILE_CACHE: theirs }).value, 'good');
      // Our folder, their file (left by a shared group, say).
      const mixed = scratch('mixed');
      const entry = forge(mixed);
      chownSync(entry, NOBODY, NOBODY);
      const run = loadInChild(bundle, { LOOPWISE_COMPILE_CACHE: mixed });
      assert.equal(run.value, 'good');
      assert.match(run.stderr, new RegExp(`belongs to uid ${NOBODY}`));
    }
  });

  it('is read by the next start (a code cache hit keeps the entry as it is)', { skip: !usesVmCache && 'Node 22+ keeps its own entries' }, () => {
    const bundle = join(scratch('bundle'), 'bundle.js');
    writeFileSync(bundle, 'module.exports = [1, 2, 3].map((x) => x * 2);\n');
    const dir = scratch('hit');
    assert.deepEqual(loadInChild(bundle, { LOOPWISE_COMPILE_CACHE: dir }).value, [2, 4, 6]);
    const { cacheFile } = codeCacheFile(bundle, dir);
    const first = statSync(cacheFile);
    assert.equal(first.mode & 0o777, 0o600);
    assert.deepEqual(loadInChild(bundle, { LOOPWISE_COMPILE_CACHE: dir }).value, [2, 4, 6]);
    assert.equal(statSync(cacheFile).mtimeMs, first.mtimeMs, 'an accepted cache is not written again');
  });
});
