/**
 * A package that imports itself by its own name (`import * as td from 'typedoc'`
 * in typedoc's own dist/cli.js): Node resolves the specifier through the
 * `exports` of the package's own package.json (its package scope), to the file
 * that runs. TypeScript's resolution picks the `types` condition instead, a
 * declaration file, and the call graph would stop there: a call from the CLI into
 * the library would reach no function body. This resolves such a specifier the
 * way Node does at run time (conditions `node`, `import` or `require`, `default`,
 * in the order the package lists them), to a source file of the package.
 */
import { dirname, join, resolve } from 'node:path';

export interface SelfReferenceHost {
  fileExists(path: string): boolean;
  readFile(path: string): string | undefined;
}

interface Scope {
  dir: string;
  name: string;
  exports: unknown;
}

/** Nearest package.json per folder, so that one program's imports read each once. */
export class SelfReferences {
  private readonly scopes = new Map<string, Scope | null>();

  constructor(private readonly host: SelfReferenceHost) {}

  clear(): void {
    this.scopes.clear();
  }

  /**
   * The file `specifier` names when it is the containing package's own name (or
   * a subpath of it) and the package's `exports` map it to an existing file;
   * undefined otherwise (then the usual resolution applies).
   */
  resolve(specifier: string, containingFile: string, mode: 'import' | 'require' | undefined): string | undefined {
    if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.includes(':')) return undefined;
    const scope = this.scopeOf(dirname(resolve(containingFile)));
    if (!scope || scope.exports === undefined || scope.exports === null) return undefined;
    if (specifier !== scope.name && !specifier.startsWith(scope.name + '/')) return undefined;
    const subpath = '.' + specifier.slice(scope.name.length);
    const target = exportTarget(scope.exports, subpath, mode);
    if (target === undefined || !target.startsWith('./')) return undefined;
    const file = join(scope.dir, target);
    return this.host.fileExists(file) ? file : undefined;
  }

  private scopeOf(dir: string): Scope | undefined {
    const known = this.scopes.get(dir);
    if (known !== undefined) return known ?? undefined;
    let scope: Scope | null = null;
    const manifest = join(dir, 'package.json');
    if (this.host.fileExists(manifest)) {
      try {
        const json = JSON.parse(this.host.readFile(manifest) ?? '') as { name?: unknown; exports?: unknown };
        if (typeof json?.name === 'string' && json.name) scope = { dir, name: json.name, exports: json.exports };
      } catch {
        scope = null;
      }
    } else if (dirname(dir) !== dir) {
      scope = this.scopeOf(dirname(dir)) ?? null;
    }
    this.scopes.set(dir, scope);
    return scope ?? undefined;
  }
}

const isConditions = (value: object) => Object.keys(value).every((k) => !k.startsWith('.'));

/** Node's PACKAGE_EXPORTS_RESOLVE, for one subpath: the target string, or undefined. */
export function exportTarget(exports: unknown, subpath: string, mode: 'import' | 'require' | undefined): string | undefined {
  let map: Record<string, unknown>;
  if (typeof exports === 'string' || Array.isArray(exports) || (exports && typeof exports === 'object' && isConditions(exports))) {
    map = { '.': exports };
  } else if (exports && typeof exports === 'object') {
    map = exports as Record<string, unknown>;
  } else {
    return undefined;
  }
  if (Object.prototype.hasOwnProperty.call(map, subpath) && !subpath.includes('*')) return conditionalTarget(map[subpath], mode, undefined);
  // The longest pattern key that matches: `./browser/*` for `./browser/en`.
  let best: { key: string; star: string } | undefined;
  for (const key of Object.keys(map)) {
    const star = key.indexOf('*');
    if (star < 0 || key.indexOf('*', star + 1) >= 0) continue;
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    if (subpath.startsWith(prefix) && subpath.endsWith(suffix) && subpath.length >= key.length && (!best || prefix.length > best.key.indexOf('*'))) {
      best = { key, star: subpath.slice(prefix.length, subpath.length - suffix.length) };
    }
  }
  return best ? conditionalTarget(map[best.key], mode, best.star) : undefined;
}

function conditionalTarget(target: unknown, mode: 'import' | 'require' | undefined, star: string | undefined): string | undefined {
  if (typeof target === 'string') return star === undefined ? target : target.split('*').join(star);
  if (Array.isArray(target)) {
    for (const t of target) {
      const found = conditionalTarget(t, mode, star);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (target && typeof target === 'object') {
    for (const [condition, value] of Object.entries(target)) {
      const applies = condition === 'default' || condition === 'node' || (mode === undefined ? condition === 'import' || condition === 'require' : condition === mode);
      if (!applies) continue;
      const found = conditionalTarget(value, mode, star);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
