/**
 * Loads a bundle with V8's code cache, so that a second start of the CLI or the
 * language server does not compile the 9 MB TypeScript compiler inside it again
 * (on Node 20 that halves the CLI's start: about 1.8 s to 0.9 s on this machine).
 *
 * Node 22.1+ has this built in (`module.enableCompileCache`, which ESLint also
 * turns on); on older Node the bundle is compiled with `vm.Script` and the code
 * V8 compiled during the run is saved at exit.
 *
 * A code cache is code: whoever can write an entry decides what the next start
 * runs (V8 checks an entry only against the source's length and a CRC). So the
 * cache lives only in a folder of this user's own, `$XDG_CACHE_HOME/loopwise` or
 * `~/.cache/loopwise` (the language server's client passes the extension's
 * global storage instead), created 0700. A folder that anyone else owns or can
 * write, or under a folder someone else can swap, is refused: the run goes on
 * without a cache and says why on stderr. Files are read without following
 * links and only when they are ours; they are written through a new file made
 * with O_EXCL|O_NOFOLLOW and renamed into place, so a planted link is never
 * written through.
 *
 * `LOOPWISE_COMPILE_CACHE=0` (or Node's own `NODE_DISABLE_COMPILE_CACHE`) turns
 * the cache off; `LOOPWISE_COMPILE_CACHE=<folder>` moves it (the same checks apply).
 *
 * On Node 20 a script compiled from cached data loses its dynamic-import callback
 * (V8 11.3 drops the host-defined options on deserialisation, with or without
 * `importModuleDynamically`), so the bundles are built with no `import()` in them
 * (scripts/bundle.mjs checks); the callback is deliberately not set, so that an
 * `import()` that slips in fails on the first run as on every later one.
 */
import { createHash } from 'node:crypto';
import {
  closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeSync,
} from 'node:fs';
import Module, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, parse, resolve, sep } from 'node:path';
import vm from 'node:vm';

type ModuleWithCache = typeof Module & {
  enableCompileCache?: (dir?: string) => { status: number; message?: string } | undefined;
  constants?: { compileCacheStatus?: Record<string, number> };
  wrap(source: string): string;
  _nodeModulePaths(dir: string): string[];
};

export type CacheLog = (message: string) => void;

const logToStderr: CacheLog = (message) => {
  process.stderr.write(`loopwise: ${message}\n`);
};

export function requireWithCompileCache(file: string, log: CacheLog = logToStderr): unknown {
  const dir = compileCacheDir(process.env, log);
  if (!dir) return require(file);
  const mod = Module as ModuleWithCache;
  if (typeof mod.enableCompileCache === 'function') {
    try {
      const result = mod.enableCompileCache(dir);
      const failed = mod.constants?.compileCacheStatus?.FAILED;
      if (result && failed !== undefined && result.status === failed) log(`compile cache off: ${result.message ?? 'Node could not enable it'}`);
    } catch (error) {
      log(`compile cache off: ${(error as Error).message}`);
    }
    return require(file);
  }
  let loaded: ReturnType<typeof compileWithCodeCache>;
  try {
    loaded = compileWithCodeCache(file, dir, mod, log);
  } catch (error) {
    log(`compile cache off: ${(error as Error).message}`);
    return require(file);
  }
  if (loaded.saveOnExit) {
    // After the run, the cache also holds every function the run compiled.
    process.once('exit', () => saveCodeCache(loaded.script, loaded.cacheFile, loaded.prefix));
  }
  const module = new Module(file, require.main) as Module & { filename: string; paths: string[]; loaded: boolean };
  module.filename = file;
  module.paths = mod._nodeModulePaths(dirname(file));
  loaded.compiled.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  module.loaded = true;
  return module.exports;
}

/**
 * The folder the cache is kept in, created if missing; undefined (with the
 * reason logged, unless the cache was turned off) when there must be none.
 */
export function compileCacheDir(env: NodeJS.ProcessEnv, log: CacheLog): string | undefined {
  const setting = env.LOOPWISE_COMPILE_CACHE;
  if (setting === '0' || env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const dir = setting ? resolve(setting) : defaultCacheDir(env);
  if (!dir) {
    log('compile cache off: no home folder to keep it in');
    return undefined;
  }
  const problem = ownFolderProblem(dir);
  if (problem) {
    log(`compile cache off: ${problem}`);
    return undefined;
  }
  return dir;
}

/** `$XDG_CACHE_HOME/loopwise`, else `~/.cache/loopwise` (`%LOCALAPPDATA%\loopwise` on Windows). */
export function defaultCacheDir(env: NodeJS.ProcessEnv): string | undefined {
  if (process.platform === 'win32' && env.LOCALAPPDATA && isAbsolute(env.LOCALAPPDATA)) return join(env.LOCALAPPDATA, 'loopwise');
  // The XDG spec: a relative value is invalid and is ignored.
  if (env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME)) return join(env.XDG_CACHE_HOME, 'loopwise');
  let home: string;
  try {
    home = homedir();
  } catch {
    return undefined;
  }
  return home && isAbsolute(home) && home !== parse(home).root ? join(home, '.cache', 'loopwise') : undefined;
}

/**
 * Creates `dir` (0700, and 0700 for each missing folder above it) and says why
 * it cannot hold code this user runs, or undefined when it can: it must be a
 * folder owned by this user that nobody else can write, and each folder on the
 * way to it (as written and as resolved) owned by this user or root and not
 * writable by others, or sticky (as /tmp is) with the next step ours or root's.
 */
export function ownFolderProblem(dir: string): string | undefined {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    return `cannot create ${dir}: ${(error as Error).message}`;
  }
  // Windows has no uids or mode bits; the per-user profile folder's ACL keeps others out.
  if (typeof process.getuid !== 'function') return undefined;
  const uid = process.getuid();
  try {
    const own = statSync(dir);
    if (!own.isDirectory()) return `${dir} is not a folder`;
    if (own.uid !== uid) return `${dir} belongs to uid ${own.uid}, not to this user (uid ${uid})`;
    if (own.mode & 0o022) return `${dir} can be written by others (mode ${(own.mode & 0o7777).toString(8)})`;
    return pathProblem(dir, uid) ?? pathProblem(realpathSync(dir), uid);
  } catch (error) {
    return `cannot check ${dir}: ${(error as Error).message}`;
  }
}

/** Whether anyone but this user and root can replace a step of `path`. */
function pathProblem(path: string, uid: number): string | undefined {
  const root = parse(path).root;
  const steps = path.slice(root.length).split(sep).filter(Boolean);
  let parent = root;
  let parentStat = lstatSync(root);
  for (const step of steps) {
    const current = join(parent, step);
    const stat = lstatSync(current);
    if (stat.uid !== uid && stat.uid !== 0) return `${current} (on the way to the cache) belongs to uid ${stat.uid}`;
    if ((parentStat.mode & 0o022) && !(parentStat.mode & 0o1000)) return `${parent} (on the way to the cache) can be written by others`;
    parent = current;
    parentStat = stat.isSymbolicLink() ? statSync(current) : stat;
  }
  return undefined;
}

/** The cache file for a bundle on this Node: one per installed bundle (its path), replaced when the bundle or Node changes. */
export function codeCacheFile(file: string, dir: string): { cacheFile: string; prefix: string } {
  const stat = statSync(file);
  const where = createHash('sha256').update(file).digest('hex').slice(0, 12);
  const what = createHash('sha256')
    .update([process.version, process.arch, stat.size, stat.mtimeMs].join('\0'))
    .digest('hex')
    .slice(0, 12);
  const prefix = `${basename(file)}-${where}-`;
  return { cacheFile: join(dir, `${prefix}${what}.v8cache`), prefix };
}

function compileWithCodeCache(file: string, dir: string, mod: ModuleWithCache, log: CacheLog) {
  const { cacheFile, prefix } = codeCacheFile(file, dir);
  const cachedData = readOwnFile(cacheFile, log);
  const source = readFileSync(file, 'utf8').replace(/^#!.*/, '');
  const script = new vm.Script(mod.wrap(source), { filename: file, cachedData });
  const compiled = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => void;
  return { script, cacheFile, prefix, compiled, saveOnExit: !cachedData || script.cachedDataRejected === true };
}

/**
 * A file's bytes, if it is a regular file (not a link) of this user's that
 * nobody else can write; undefined when it is missing, and logged otherwise.
 */
export function readOwnFile(path: string, log: CacheLog): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') log(`compile cache entry ${path} not read: ${code === 'ELOOP' ? 'it is a symbolic link' : (error as Error).message}`);
    return undefined;
  }
  try {
    const stat = fstatSync(fd);
    const uid = process.getuid?.();
    const problem = !stat.isFile() ? 'it is not a regular file'
      : uid !== undefined && stat.uid !== uid ? `it belongs to uid ${stat.uid}`
      : uid !== undefined && stat.mode & 0o022 ? 'others can write it'
      : undefined;
    if (problem) {
      log(`compile cache entry ${path} not read: ${problem}`);
      return undefined;
    }
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes `data` to `path` through `<path>.<pid>.tmp`, created with O_EXCL and
 * O_NOFOLLOW (a link or file already there makes it fail, never written
 * through), then renamed over `path` (rename replaces a link, it does not follow
 * it). Returns whether it was written.
 */
export function writeFileExclusive(path: string, data: Uint8Array): boolean {
  const temporary = `${path}.${process.pid}.tmp`;
  let fd: number;
  try {
    fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o600);
  } catch {
    return false;
  }
  let written = false;
  try {
    for (let offset = 0; offset < data.length;) offset += writeSync(fd, data, offset);
    written = true;
  } catch {
    // A full disk only costs the cache.
  } finally {
    closeSync(fd);
  }
  try {
    if (written) renameSync(temporary, path);
  } catch {
    written = false;
  }
  if (!written) rmSync(temporary, { force: true });
  return written;
}

function saveCodeCache(script: vm.Script, cacheFile: string, prefix: string): void {
  try {
    if (!writeFileExclusive(cacheFile, script.createCachedData())) return;
    // Caches of earlier builds of the bundle at this path are never read again.
    const dir = dirname(cacheFile);
    for (const name of readdirSync(dir)) {
      if (name.startsWith(prefix) && name.endsWith('.v8cache') && join(dir, name) !== cacheFile) rmSync(join(dir, name), { force: true });
    }
  } catch {
    // No cache this time; the next start compiles again.
  }
}
