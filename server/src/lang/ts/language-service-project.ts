/**
 * One TypeScript project as the compiler's own language service sees it, through
 * its public host API only:
 * - every project of a backend shares one `DocumentRegistry`, made with
 *   `JSDocParsingMode.ParseForTypeInfo` (JSDoc is parsed only in JavaScript, where
 *   it carries types, as tsc itself does), so a file that several projects include
 *   (the language's and Node's declarations above all) is parsed and bound once;
 * - a changed file's snapshot tells the registry what changed
 *   (`IScriptSnapshot.getChangeRange`), so the compiler re-parses it
 *   incrementally from the old tree, as tsserver does on every keystroke;
 * - module resolution goes through one long-lived `ModuleResolutionCache` per
 *   project (`getModuleResolutionCache`), so a program rebuilt after an edit
 *   does not look up the package.json of every declaration file again.
 * Texts come from a `SourceTexts` store shared by the projects: the editor's
 * text for open files, the disk's (screened) for the rest. Nothing is parsed
 * when a text changes; the next `program` builds what changed.
 */
import { getLibFiles, libFolderInMemoryPath } from '@ts-morph/common';
import { ts } from './compiler';
import { SelfReferences } from './self-reference';

const RUNNABLE_SOURCE = /\.(?:[cm]?[jt]s|[jt]sx)$/i;
const TS_SOURCE = /\.(?:[cm]?ts|tsx)$/i;

/** A text and what changed since an earlier one. */
class TextSnapshot implements ts.IScriptSnapshot {
  constructor(readonly text: string) {}

  getText(start: number, end: number): string {
    return this.text.substring(start, end);
  }

  getLength(): number {
    return this.text.length;
  }

  /** The one span that differs from `old` (common prefix and suffix cut off). */
  getChangeRange(old: ts.IScriptSnapshot): ts.TextChangeRange | undefined {
    if (!(old instanceof TextSnapshot)) return undefined;
    const oldText = old.text;
    const newText = this.text;
    let start = 0;
    const shorter = Math.min(oldText.length, newText.length);
    while (start < shorter && oldText.charCodeAt(start) === newText.charCodeAt(start)) start++;
    let oldEnd = oldText.length;
    let newEnd = newText.length;
    while (oldEnd > start && newEnd > start && oldText.charCodeAt(oldEnd - 1) === newText.charCodeAt(newEnd - 1)) {
      oldEnd--;
      newEnd--;
    }
    return ts.createTextChangeRange(ts.createTextSpan(start, oldEnd - start), newEnd - start);
  }
}

/** How the store reads the disk; `readSource` screens source files (see screening-file-system.ts). */
export interface SourceFileSystem {
  readFile(path: string): string | undefined;
  fileExists(path: string): boolean;
  directoryExists(path: string): boolean;
  realpath(path: string): string;
  getDirectories(path: string): string[];
}

interface StoredText {
  version: number;
  snapshot: TextSnapshot;
}

/** The language's declaration files, served from memory under the path ts-morph uses. */
const LIB_FILES = new Map<string, TextSnapshot>();
function libSnapshot(path: string): TextSnapshot | undefined {
  if (!path.startsWith(libFolderInMemoryPath + '/')) return undefined;
  if (LIB_FILES.size === 0) {
    for (const file of getLibFiles()) LIB_FILES.set(`${libFolderInMemoryPath}/${file.fileName}`, new TextSnapshot(file.text));
  }
  return LIB_FILES.get(path);
}

/**
 * Every text the projects read, with a version each. `generation` moves on any
 * change, so a project knows cheaply whether it must look again.
 */
export class SourceTexts {
  private readonly overrides = new Map<string, StoredText>();
  private readonly disk = new Map<string, StoredText | null>();
  private nextVersion = 1;
  generation = 0;

  constructor(readonly fileSystem: SourceFileSystem) {}

  /** The editor's text (or a stand-in), or `undefined` to go back to the disk's. */
  setOverride(path: string, text: string | undefined): void {
    const current = this.overrides.get(path);
    if (text === undefined) {
      if (!current) return;
      this.overrides.delete(path);
    } else {
      if (current?.snapshot.text === text) return;
      this.overrides.set(path, { version: this.nextVersion++, snapshot: new TextSnapshot(text) });
    }
    this.generation++;
  }

  /** Forgets what was read from disk for a path (it changed there), or for all. */
  forgetDisk(path?: string): void {
    if (path === undefined) this.disk.clear();
    else this.disk.delete(path);
    this.generation++;
  }

  get(path: string): StoredText | undefined {
    const override = this.overrides.get(path);
    if (override) return override;
    let stored = this.disk.get(path);
    if (stored === undefined) {
      const lib = libSnapshot(path);
      const text = lib ? undefined : this.fileSystem.readFile(path);
      stored = lib ? { version: 0, snapshot: lib } : text === undefined ? null : { version: this.nextVersion++, snapshot: new TextSnapshot(text) };
      this.disk.set(path, stored);
    }
    return stored ?? undefined;
  }

  exists(path: string): boolean {
    return this.overrides.has(path) || libSnapshot(path) !== undefined || this.fileSystem.fileExists(path);
  }
}

/** One registry per backend, shared by its projects. */
export function createSharedDocumentRegistry(): ts.DocumentRegistry {
  return ts.createDocumentRegistry(true, process.cwd(), ts.JSDocParsingMode.ParseForTypeInfo);
}

export class LanguageServiceProject {
  private readonly roots = new Set<string>();
  private rootsGeneration = 0;
  private readonly service: ts.LanguageService;
  private readonly resolutionCache: ts.ModuleResolutionCache;
  private readonly selfReferences: SelfReferences;
  private disposed = false;

  constructor(
    readonly options: ts.CompilerOptions,
    private readonly texts: SourceTexts,
    registry: ts.DocumentRegistry,
  ) {
    const currentDirectory = process.cwd();
    const fileSystem = texts.fileSystem;
    this.resolutionCache = ts.createModuleResolutionCache(currentDirectory, (f) => f, options);
    const moduleHost = {
      fileExists: (path) => texts.exists(path),
      readFile: (path) => texts.get(path)?.snapshot.text,
      directoryExists: (path) => fileSystem.directoryExists(path),
      realpath: (path) => fileSystem.realpath(path),
      getCurrentDirectory: () => currentDirectory,
      getDirectories: (path) => fileSystem.getDirectories(path),
      useCaseSensitiveFileNames: true,
    } satisfies ts.ModuleResolutionHost;
    // getModuleResolutionCache is the CompilerHost's documented member; the language
    // service hands it to the compiler host it makes, though LanguageServiceHost's
    // typings leave it out. With it, package.json lookups (each declaration file
    // under node_modules asks for its package's "type") outlive one program.
    const host: ts.LanguageServiceHost & Pick<ts.CompilerHost, 'getModuleResolutionCache'> = {
      ...moduleHost,
      useCaseSensitiveFileNames: () => true,
      getProjectVersion: () => `${texts.generation}:${this.rootsGeneration}`,
      getCompilationSettings: () => options,
      getScriptFileNames: () => [...this.roots],
      getScriptVersion: (path) => String(texts.get(path)?.version ?? ''),
      getScriptSnapshot: (path) => texts.get(path)?.snapshot,
      getDefaultLibFileName: (o) => `${libFolderInMemoryPath}/${ts.getDefaultLibFileName(o)}`,
      jsDocParsingMode: ts.JSDocParsingMode.ParseForTypeInfo,
      getModuleResolutionCache: () => this.resolutionCache,
      resolveModuleNameLiterals: (literals, containingFile, redirectedReference, compilerOptions, containingSourceFile) =>
        literals.map((literal) => {
          const mode = ts.getModeForUsageLocation(containingSourceFile, literal, compilerOptions);
          return this.resolveSelfReference(literal.text, containingFile, mode, compilerOptions) ?? ts.resolveModuleName(
            literal.text,
            containingFile,
            compilerOptions,
            moduleHost,
            this.resolutionCache,
            redirectedReference,
            mode,
          );
        }),
    };
    this.selfReferences = new SelfReferences(moduleHost);
    this.service = ts.createLanguageService(host, registry);
  }

  /**
   * `import … from 'own-name'` inside the package itself: the file the package's
   * exports run (self-reference.ts), when that is a source file this program can
   * read (a JavaScript file only with allowJs), so that calls follow into it.
   */
  private resolveSelfReference(specifier: string, containingFile: string, mode: ts.ResolutionMode, options: ts.CompilerOptions): ts.ResolvedModuleWithFailedLookupLocations | undefined {
    if (specifier.startsWith('.') || containingFile.includes('/node_modules/')) return undefined;
    const condition = mode === ts.ModuleKind.CommonJS ? 'require' : mode === ts.ModuleKind.ESNext ? 'import' : undefined;
    const file = this.selfReferences.resolve(specifier, containingFile, condition);
    if (!file || !RUNNABLE_SOURCE.test(file) || /\.d\.[cm]?ts$/i.test(file) || file.includes('/node_modules/')) return undefined;
    if (!TS_SOURCE.test(file) && !options.allowJs) return undefined;
    const extension = /\.[^./]+$/.exec(file)![0].toLowerCase() as ts.Extension;
    return { resolvedModule: { resolvedFileName: file, extension, isExternalLibraryImport: false, resolvedUsingTsExtension: false } };
  }

  /** Whether the file is one of the project's roots. */
  has(path: string): boolean {
    return this.roots.has(path);
  }

  rootNames(): string[] {
    return [...this.roots];
  }

  /** Makes the file a root of the project (its text comes from the store). */
  addRoot(path: string): void {
    if (this.roots.has(path)) return;
    this.roots.add(path);
    this.rootsGeneration++;
  }

  get program(): ts.Program {
    if (this.disposed) throw new Error('this TypeScript project was released');
    return this.service.getProgram()!;
  }

  /** Files were created or deleted: resolutions made before may be wrong now. */
  clearResolutions(): void {
    this.resolutionCache.clear();
    this.selfReferences.clear();
    this.rootsGeneration++;
  }

  /** Frees the program and releases this project's files from the shared registry. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.service.dispose();
  }
}
