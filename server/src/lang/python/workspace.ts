/**
 * The workspace's Python modules: parses files on demand (editor text first,
 * disk otherwise), keeps each file's tree for incremental re-parsing, and maps
 * dotted module names to files the way `sys.path` would for the workspace's own
 * code: from the folder above a file's top-most package, and from each root
 * (and its `src/`).
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { Parser, Tree } from 'web-tree-sitter';
import { UnanalysableFileError } from '../../core/errors';
import { screenSource, screenText } from '../../core/source-screening';
import { readRegularFile } from '../../core/regular-file';
import { buildModule, type PyModule } from './model';
import { parsePython } from './parser';
import { copyTree } from './syntax';
import { inconsistentIndentation, syntaxErrors } from './syntax-notes';

interface FileEntry {
  text: string;
  tree: Tree;
  module: PyModule;
  /** Disk files: the mtime the entry was read at; editor files: -1. */
  mtimeMs: number;
}

export class PyWorkspace {
  private files = new Map<string, FileEntry>();
  private editorTexts = new Map<string, string>();
  private failures = new Map<string, { mtimeMs: number; error: Error }>();
  private packageRoots = new Map<string, string>();
  /**
   * `findModule` answers and file-existence checks, kept for one generation. Every
   * rule resolves the same imports again (`asyncio.sleep` probes a dozen paths that
   * do not exist), and a file created or deleted on disk reaches the backend as a
   * document change, which bumps the generation, as the resolver's own cache assumes.
   */
  private lookups = { generation: -1, modules: new Map<string, string | null>(), exists: new Map<string, boolean>() };
  /** Modification times read in the current `withDiskSnapshot`, if one is running. */
  private mtimes: Map<string, number | UnanalysableFileError> | undefined;
  /** Bumped on any change; cross-file caches are keyed by it. */
  generation = 0;

  constructor(private readonly parser: Parser, private readonly roots: string[]) {}

  setEditorText(file: string, text: string | undefined): void {
    const path = resolve(file);
    if (text === undefined) this.editorTexts.delete(path);
    else this.editorTexts.set(path, text);
    this.generation++;
  }

  reset(): void {
    for (const entry of this.files.values()) entry.tree.delete();
    this.files.clear();
    this.failures.clear();
    this.packageRoots.clear();
    this.generation++;
  }

  /** The parsed module for a file; throws `UnanalysableFileError` when it cannot be read or parsed. */
  getModule(file: string): PyModule {
    const path = resolve(file);
    const editorText = this.editorTexts.get(path);
    const entry = this.files.get(path);
    let text: string;
    let mtimeMs = -1;
    if (editorText !== undefined) {
      if (entry && entry.text === editorText) return entry.module;
      screenText(editorText, 'python');
      text = editorText;
    } else {
      const stat = this.mtimeOf(path);
      if (entry && entry.mtimeMs === stat) return entry.module;
      const failed = this.failures.get(path);
      if (failed && failed.mtimeMs === stat) throw failed.error;
      try {
        text = screenSource(readRegularFile(path), 'python');
      } catch (e) {
        const error = e instanceof UnanalysableFileError ? e : new UnanalysableFileError(`cannot read the file: ${(e as Error).message}`);
        this.failures.set(path, { mtimeMs: stat, error });
        throw error;
      }
      mtimeMs = stat;
    }
    const tree = parsePython(this.parser, text, entry ? { text: entry.text, tree: entry.tree } : undefined);
    if (entry && entry.tree !== tree) entry.tree.delete();
    const root = copyTree(tree, text);
    const { name, packageName } = this.moduleNameOf(path);
    const module = buildModule(path, name, packageName, text, root);
    this.files.set(path, { text, tree, module, mtimeMs });
    // A first load cannot change earlier answers (it would have been loaded then); a new version can.
    if (entry) this.generation++;
    return module;
  }

  /**
   * Runs `analyse` with each file's modification time read at most once: one analysis
   * reaches the same imported modules from many places, and each `getModule` asked the
   * disk again. The next analysis reads them afresh.
   */
  withDiskSnapshot<T>(analyse: () => T): T {
    if (this.mtimes) return analyse();
    this.mtimes = new Map();
    try {
      return analyse();
    } finally {
      this.mtimes = undefined;
    }
  }

  /** A disk file's modification time; throws `UnanalysableFileError` when it cannot be read. */
  private mtimeOf(path: string): number {
    let known = this.mtimes?.get(path);
    if (known === undefined) {
      try {
        known = statSync(path).mtimeMs;
      } catch (e) {
        known = new UnanalysableFileError(`cannot read the file: ${(e as Error).message}`);
      }
      this.mtimes?.set(path, known);
    }
    if (known instanceof Error) throw known;
    return known;
  }

  /** Like `getModule`, but undefined for a file that cannot be analysed. */
  tryGetModule(file: string): PyModule | undefined {
    try {
      return this.getModule(file);
    } catch (e) {
      if (e instanceof UnanalysableFileError) return undefined;
      throw e;
    }
  }

  /** A note on what Python would reject in the file as last parsed (syntax errors, a TabError), if anything. */
  syntaxNote(file: string): string | undefined {
    const entry = this.files.get(resolve(file));
    if (!entry) return undefined;
    const notes: string[] = [];
    const errors = syntaxErrors(entry.tree);
    if (errors) {
      const what = errors.count === 1 ? 'a syntax error' : `${errors.count} syntax errors`;
      notes.push(`analysed with ${what}, so results may be incomplete (line ${errors.line}: ${errors.missing ? `missing \`${errors.missing}\`` : 'invalid syntax'})`);
    }
    const tabLine = inconsistentIndentation(entry.module.root, entry.text);
    if (tabLine !== undefined) {
      notes.push(`inconsistent use of tabs and spaces in indentation (line ${tabLine}): Python raises TabError on this file; analysed as the parser read it`);
    }
    return notes.length ? notes.join('; ') : undefined;
  }

  /** The tree-sitter tree kept for a file (tests check it is reused). */
  treeOf(file: string): Tree | undefined {
    return this.files.get(resolve(file))?.tree;
  }

  /** The folder above the top-most package that holds `dir`. */
  private packageRoot(dir: string): string {
    const cached = this.packageRoots.get(dir);
    if (cached) return cached;
    let root = dir;
    while (existsSync(join(root, '__init__.py')) && dirname(root) !== root) root = dirname(root);
    this.packageRoots.set(dir, root);
    return root;
  }

  private moduleNameOf(path: string): { name: string; packageName: string } {
    const dir = dirname(path);
    const root = this.packageRoot(dir);
    const relDir = relative(root, dir);
    const pkgParts = relDir ? relDir.split(sep) : [];
    const stem = basename(path).replace(/\.pyi?$/, '');
    const packageName = pkgParts.join('.');
    const name = stem === '__init__' ? packageName : [...pkgParts, stem].join('.');
    return { name, packageName };
  }

  /**
   * The workspace module a dotted name refers to, seen from `fromFile`, or
   * undefined for anything outside the workspace (the standard library, site-packages).
   */
  findModule(qname: string, fromFile: string): PyModule | undefined {
    const lookups = this.currentLookups();
    // The answer depends on the importing file's folder only (its search roots).
    const key = `${dirname(fromFile)}\0${qname}`;
    const known = lookups.modules.get(key);
    if (known === null) return undefined;
    if (known !== undefined) {
      const m = this.tryGetModule(known);
      if (m) return m;
    }
    const parts = qname.split('.');
    for (const root of this.searchRoots(fromFile)) {
      const base = join(root, ...parts);
      for (const candidate of [`${base}.py`, join(base, '__init__.py')]) {
        if (this.editorTexts.has(candidate) || this.exists(candidate)) {
          const m = this.tryGetModule(candidate);
          if (m) {
            lookups.modules.set(key, candidate);
            return m;
          }
        }
      }
    }
    lookups.modules.set(key, null);
    return undefined;
  }

  private currentLookups(): PyWorkspace['lookups'] {
    if (this.lookups.generation !== this.generation) this.lookups = { generation: this.generation, modules: new Map(), exists: new Map() };
    return this.lookups;
  }

  private exists(path: string): boolean {
    const lookups = this.currentLookups();
    let yes = lookups.exists.get(path);
    // Only a regular file can be a module: a FIFO named `helpers.py` is not read.
    if (yes === undefined) lookups.exists.set(path, (yes = isRegularFile(path)));
    return yes;
  }

  private searchRoots(fromFile: string): string[] {
    const dir = dirname(resolve(fromFile));
    // A script's own folder is on sys.path; a package's folder is not (no implicit relative imports).
    const roots = this.exists(join(dir, '__init__.py')) ? [this.packageRoot(dir)] : [dir];
    // A root that is itself a package (`loopwise hypercorn/`) is not on sys.path: the folder above
    // it is. Taken as a search root, its subpackages shadowed the standard library
    // (`import asyncio` in hypercorn/asyncio/run.py found hypercorn/asyncio/).
    for (const r of this.roots) roots.push(this.exists(join(r, '__init__.py')) ? this.packageRoot(r) : r, join(r, 'src'));
    return [...new Set(roots)];
  }
}

/** A search root given as a file (`loopwise app.py`) makes `app.py/os.py`, which stat rejects with ENOTDIR: no module there. */
function isRegularFile(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}
