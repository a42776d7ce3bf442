/**
 * Loads a bundle with V8's code cache, so that a second start of the CLI or the
 * language server does not compile the 9 MB TypeScript compiler inside it again.
 * On a start without a cache, compiling and running the bundle's top level took
 * about as long as analysing a small project.
 *
 * Node 22.1+ has this built in (`module.enableCompileCache`, which ESLint also
 * turns on); on older Node the bundle is compiled with `vm.Script` and the code
 * V8 compiled during the run is saved at exit. Any failure falls back to a plain
 * `require`. `LOOPWISE_COMPILE_CACHE=0` (or Node's own `NODE_DISABLE_COMPILE_CACHE`)
 * turns it off; `LOOPWISE_COMPILE_CACHE=<folder>` moves it.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import vm from 'node:vm';

type ModuleWithCache = typeof Module & {
  enableCompileCache?: (dir?: string) => unknown;
  wrap(source: string): string;
  _nodeModulePaths(dir: string): string[];
};

export function requireWithCompileCache(file: string): unknown {
  const setting = process.env.LOOPWISE_COMPILE_CACHE;
  if (setting === '0' || process.env.NODE_DISABLE_COMPILE_CACHE) return require(file);
  const dir = setting || join(tmpdir(), 'loopwise-compile-cache');
  const mod = Module as ModuleWithCache;
  if (typeof mod.enableCompileCache === 'function') {
    try {
      mod.enableCompileCache(dir);
    } catch {
      // A read-only temp folder only costs the cache.
    }
    return require(file);
  }
  try {
    return runWithCodeCache(file, dir, mod);
  } catch (error) {
    if ((error as { loopwiseCacheSetup?: boolean }).loopwiseCacheSetup) return require(file);
    throw error;
  }
}

function runWithCodeCache(file: string, dir: string, mod: ModuleWithCache): unknown {
  let script: vm.Script;
  let cacheFile: string;
  let prefix: string;
  let cachedData: Buffer | undefined;
  try {
    const stat = statSync(file);
    // One cache per installed bundle (its path), replaced when the bundle or Node changes.
    const where = createHash('sha256').update(file).digest('hex').slice(0, 12);
    const what = createHash('sha256')
      .update([process.version, process.arch, stat.size, stat.mtimeMs].join('\0'))
      .digest('hex')
      .slice(0, 12);
    prefix = `${basename(file)}-${where}-`;
    cacheFile = join(dir, `${prefix}${what}.v8cache`);
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
    const source = readFileSync(file, 'utf8').replace(/^#!.*/, '');
    script = new vm.Script(mod.wrap(source), {
      filename: file,
      cachedData,
      importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    });
  } catch (error) {
    throw Object.assign(error as object, { loopwiseCacheSetup: true });
  }
  if (!cachedData || script.cachedDataRejected) {
    // After the run, the cache also holds every function the run compiled.
    process.once('exit', () => saveCache(script, dir, cacheFile, prefix));
  }
  const compiled = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => void;
  const module = new Module(file, require.main) as Module & { filename: string; paths: string[]; loaded: boolean };
  module.filename = file;
  module.paths = mod._nodeModulePaths(dirname(file));
  const moduleRequire = createRequire(file);
  compiled.call(module.exports, module.exports, moduleRequire, module, file, dirname(file));
  module.loaded = true;
  return module.exports;
}

function saveCache(script: vm.Script, dir: string, cacheFile: string, prefix: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(temporary, script.createCachedData());
    renameSync(temporary, cacheFile);
    // Caches of earlier builds of the bundle at this path are never read again.
    for (const name of readdirSync(dir)) {
      if (name.startsWith(prefix) && name.endsWith('.v8cache') && join(dir, name) !== cacheFile) rmSync(join(dir, name), { force: true });
    }
  } catch {
    // No cache this time; the next start compiles again.
  }
}
