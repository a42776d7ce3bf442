/**
 * Which Node.js APIs block the thread, and what to use instead. Keys are the
 * module name without the `node:` prefix and the export name, as declared in
 * `@types/node`.
 */

export interface BlockingApi {
  module: string;
  name: string;
  /** What a reader should use instead, in words. */
  alternative: string;
  /**
   * What the call waits for. 'local': the local file system or an in-memory
   * buffer (fs.*Sync, fs-extra's *Sync, zlib.*Sync): bounded and usually small, so
   * it is reported only on a hot path (hot-path.ts). 'unbounded': a child process,
   * another thread, a deliberately slow key derivation, or an API the user
   * configured: reported wherever event-loop code reaches it.
   */
  cost: 'local' | 'unbounded';
  /** How the quick fix rewrites the call, when one is safe. */
  fix?: { kind: 'fs-promises'; name: string } | { kind: 'promisify'; name: string; property?: string };
}

/** `fs.*Sync` whose promise twin in `fs/promises` takes the same arguments. */
const FS_PROMISE_TWINS = new Set([
  'access', 'appendFile', 'chmod', 'chown', 'copyFile', 'cp', 'lchown', 'link', 'lstat', 'lutimes',
  'mkdir', 'mkdtemp', 'opendir', 'readdir', 'readFile', 'readlink', 'realpath', 'rename', 'rm', 'rmdir',
  'stat', 'statfs', 'symlink', 'truncate', 'unlink', 'utimes', 'writeFile',
]);

const CRYPTO_BLOCKING: Record<string, string> = {
  pbkdf2Sync: 'pbkdf2',
  scryptSync: 'scrypt',
  generateKeyPairSync: 'generateKeyPair',
  generateKeySync: 'generateKey',
  generatePrimeSync: 'generatePrime',
  checkPrimeSync: 'checkPrime',
};

const CHILD_PROCESS_BLOCKING: Record<string, BlockingApi['fix'] | undefined> = {
  execSync: { kind: 'promisify', name: 'exec', property: 'stdout' },
  execFileSync: { kind: 'promisify', name: 'execFile', property: 'stdout' },
  spawnSync: undefined,
};

/**
 * fs-extra's own synchronous functions (its types re-export Node's fs, whose sync
 * calls resolve to fs itself): `copySync`, `removeSync`, `outputFileSync`,
 * `readJsonSync`, `ensureDirSync`… Each has a twin without the suffix that
 * returns a promise when no callback is given.
 */
export function findPackageBlockingApi(pkg: string, name: string): BlockingApi | undefined {
  if (pkg !== 'fs-extra' || !name.endsWith('Sync') || name.length <= 4) return undefined;
  const base = name.slice(0, -4);
  return { module: pkg, name, cost: 'local', alternative: `await fs-extra's ${base} (it returns a promise without a callback)` };
}

/** Looks up a blocking API by module (with or without `node:`) and export name. */
export function findBlockingApi(moduleName: string, name: string): BlockingApi | undefined {
  const module = moduleName.replace(/^node:/, '');
  if (module === 'fs' && name.endsWith('Sync')) {
    const base = name.slice(0, -4);
    if (FS_PROMISE_TWINS.has(base)) {
      return { module, name, cost: 'local', alternative: `fs.promises.${base}`, fix: { kind: 'fs-promises', name: base } };
    }
    if (base === 'exists') return { module, name, cost: 'local', alternative: 'fs.promises.access (or stat)' };
    return { module, name, cost: 'local', alternative: `the callback or promise form of fs.${base}` };
  }
  if (module === 'zlib' && name.endsWith('Sync')) {
    const base = name.slice(0, -4);
    return { module, name, cost: 'local', alternative: `promisify(zlib.${base}) or a stream`, fix: { kind: 'promisify', name: base } };
  }
  if (module === 'child_process' && name in CHILD_PROCESS_BLOCKING) {
    const fix = CHILD_PROCESS_BLOCKING[name];
    const alternative = fix ? `promisify(child_process.${fix.name})` : 'child_process.spawn with events';
    return { module, name, cost: 'unbounded', alternative, fix };
  }
  if (module === 'crypto' && name in CRYPTO_BLOCKING) {
    const base = CRYPTO_BLOCKING[name];
    return { module, name, cost: 'unbounded', alternative: `crypto.${base} with a callback, or promisify(crypto.${base})`, fix: { kind: 'promisify', name: base } };
  }
  return undefined;
}

/** Names worth asking the type checker about: a cheap filter before the expensive question. */
export function mayBeBlockingName(name: string, extraNames: ReadonlySet<string>): boolean {
  return name.endsWith('Sync') || name === 'wait' || extraNames.has(name);
}

/** One `module#export` or `module#Class.method` entry of `loopwise.blockingApis.extra`. */
export interface ExtraBlockingApi {
  module: string;
  name: string;
  container?: string;
}

export function parseExtraBlockingApis(entries: readonly string[]): ExtraBlockingApi[] {
  const parsed: ExtraBlockingApi[] = [];
  for (const entry of entries) {
    const hash = entry.indexOf('#');
    if (hash <= 0 || hash === entry.length - 1) continue;
    const module = entry.slice(0, hash).replace(/^node:/, '');
    const path = entry.slice(hash + 1).split('.');
    const name = path.pop()!;
    parsed.push({ module, name, container: path.length > 0 ? path.join('.') : undefined });
  }
  return parsed;
}
