/**
 * The TypeScript/JavaScript backend: one ts-morph `Project` per tsconfig found
 * for a file, plus one inferred project per folder root for loose files. Open
 * documents are written into their project in place; the compiler reuses every
 * unchanged file when it rebuilds the program.
 */
import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Project } from 'ts-morph';
import { ts } from './compiler';
import type { LoopwiseSettings } from '../../protocol';
import type { AnalysisBackend } from '../../core/backend';
import { UnanalysableFileError } from '../../core/errors';
import { screenText } from '../../core/source-screening';
import { existsButNotRegular } from '../../core/regular-file';
import { assertParsable, ScreeningFileSystemHost } from './screening-file-system';
import type { Cancellation } from '../../core/cancellation';
import type { Finding } from '../../core/finding';
import { ruleLevel } from '../../core/rule-meta';
import type { TsRule } from './rule-context';
import { TsProjectIndex } from './project-index';

const SOURCE_EXTENSION = /\.(?:[cm]?[jt]s|[jt]sx)$/i;

const INFERRED_OPTIONS: ts.CompilerOptions = {
  allowJs: true,
  checkJs: false,
  noEmit: true,
  target: ts.ScriptTarget.ESNext,
  module: ts.ModuleKind.Preserve,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  resolveJsonModule: true,
  skipLibCheck: true,
  maxNodeModuleJsDepth: 0,
  jsx: ts.JsxEmit.Preserve,
  allowArbitraryExtensions: true,
  // Loose files get the language and Node's globals only. The DOM library and
  // every @types package up the folder tree would be parsed and bound on each
  // start, and no rule asks about their globals; an import of a typed package
  // still resolves its types.
  lib: ['lib.esnext.d.ts'],
  types: ['node'],
};

interface ConfigInfo {
  path: string;
  options: ts.CompilerOptions;
  fileNames: Set<string>;
  references: string[];
}

export class TypeScriptBackend implements AnalysisBackend {
  readonly name = 'typescript';
  private configs = new Map<string, ConfigInfo | null>();
  private indexes = new Map<string, TsProjectIndex>();
  /** Files the editor owns; their text comes from the editor, not the disk. */
  private openFiles = new Map<string, string>();
  private unanalysable = new Map<string, string>();

  private readonly fileSystem = new ScreeningFileSystemHost(
    (path) => this.handles(path),
    (path, reason) => this.unanalysable.set(resolve(path), reason),
    (path) => this.unanalysable.has(resolve(path)),
  );

  /** `roots` key the inferred projects, one per workspace folder; `rules` are the rules to run. */
  constructor(private readonly roots: string[], readonly rules: readonly TsRule[]) {}

  handles(filePath: string): boolean {
    return SOURCE_EXTENSION.test(filePath) && !/\.d\.[cm]?ts$/i.test(filePath) && !filePath.includes('/node_modules/');
  }

  setDocumentText(filePath: string, text: string | undefined): void {
    const path = resolve(filePath);
    if (text === undefined) this.openFiles.delete(path);
    else this.openFiles.set(path, text);
    const index = this.findIndex(path);
    if (!index) return;
    const sf = index.project.getSourceFile(path);
    this.unanalysable.delete(path);
    try {
      if (text === undefined) {
        sf?.refreshFromFileSystemSync();
      } else {
        screenText(text);
        assertParsable(path, text);
        this.load(index, path, text);
      }
    } catch (error) {
      this.markUnanalysable(index, path, error);
    }
    index.invalidate(path);
  }

  reset(): void {
    this.configs.clear();
    this.indexes.clear();
    this.unanalysable.clear();
  }

  /** Loads every given file into its project up front (the CLI's batch mode). */
  preload(filePaths: string[]): void {
    const byIndex = new Map<TsProjectIndex, string[]>();
    for (const filePath of filePaths) {
      const path = resolve(filePath);
      const index = this.indexFor(path);
      if (!byIndex.has(index)) byIndex.set(index, []);
      byIndex.get(index)!.push(path);
    }
    for (const [index, paths] of byIndex) {
      for (const path of paths) this.ensureLoaded(index, path);
    }
  }

  async analyzeFile(filePath: string, settings: LoopwiseSettings, token: Cancellation): Promise<Finding[]> {
    const path = resolve(filePath);
    const index = this.indexFor(path);
    this.ensureLoaded(index, path);
    const skipped = this.unanalysable.get(path);
    if (skipped) throw new UnanalysableFileError(skipped);
    const sourceFile = index.program.getSourceFile(path);
    if (!sourceFile) throw new UnanalysableFileError('the TypeScript compiler could not load this file');
    index.setExtraBlockingApis(settings.blockingApis.extra);
    const findings: Finding[] = [];
    for (const rule of this.rules) {
      if (token.isCancellationRequested) break;
      if (ruleLevel(rule, settings) === 'off') continue;
      rule.checkTypeScript({
        sourceFile,
        index,
        settings,
        token,
        report: (finding) => findings.push({ ...finding, rule: rule.meta.id }),
      });
    }
    return findings;
  }

  fileNote(filePath: string): string | undefined {
    const index = this.findIndex(resolve(filePath));
    const sourceFile = index?.program.getSourceFile(resolve(filePath));
    if (!index || !sourceFile) return undefined;
    // The parser's own errors are what can leave the analysis incomplete. For
    // JavaScript, getSyntacticDiagnostics also walks the whole tree for TypeScript-only
    // syntax, which the parser read fine; that walk was 1-2 % of a full scan.
    const parsed = (sourceFile as { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics;
    const errors = parsed ?? index.program.getSyntacticDiagnostics(sourceFile);
    if (errors.length === 0) return undefined;
    const first = errors[0];
    const line = first.start !== undefined ? sourceFile.getLineAndCharacterOfPosition(first.start).line + 1 : 0;
    const count = errors.length === 1 ? 'a syntax error' : `${errors.length} syntax errors`;
    return `analysed with ${count}, so results may be incomplete (line ${line}: ${ts.flattenDiagnosticMessageText(first.messageText, ' ')})`;
  }

  /** The project a file belongs to, if it has been created already. */
  private findIndex(path: string): TsProjectIndex | undefined {
    return this.indexes.get(this.projectKey(path));
  }

  indexFor(filePath: string): TsProjectIndex {
    const path = resolve(filePath);
    const key = this.projectKey(path);
    let index = this.indexes.get(key);
    if (!index) {
      index = key.startsWith('inferred:') ? this.createInferred(key) : this.createConfigured(this.configs.get(key)!);
      this.indexes.set(key, index);
      for (const [openPath, text] of this.openFiles) {
        if (this.projectKey(openPath) === key) this.setDocumentText(openPath, text);
      }
    }
    return index;
  }

  private ensureLoaded(index: TsProjectIndex, path: string): void {
    if (index.project.getSourceFile(path) || this.unanalysable.has(path)) return;
    try {
      const open = this.openFiles.get(path);
      if (open !== undefined) {
        screenText(open);
        assertParsable(path, open);
        this.load(index, path, open);
      } else {
        index.project.addSourceFileAtPath(path);
      }
    } catch (error) {
      this.markUnanalysable(index, path, error);
    }
    index.invalidate(path);
  }

  /** Parses the text into the project; a parser stack overflow becomes a note, not a crash. */
  private load(index: TsProjectIndex, path: string, text: string): void {
    // Overwriting re-parses the text outright; ts-morph's replaceWithText also
    // re-maps wrapped nodes and indentation, which costs more and is not needed here.
    index.project.createSourceFile(path, text, { overwrite: true });
  }

  /**
   * Records why a file is skipped, and leaves an empty stand-in in the project so
   * that files importing it do not make the compiler parse it after all.
   */
  private markUnanalysable(index: TsProjectIndex, path: string, error: unknown): void {
    let message: string;
    if (error instanceof UnanalysableFileError) message = error.message;
    else if (error instanceof RangeError) message = 'skipped: the code is nested too deeply for the TypeScript parser';
    else if ((error as NodeJS.ErrnoException).code) message = `could not read the file: ${(error as Error).message}`;
    else throw error;
    this.unanalysable.set(path, message);
    // The file system now reads this path as empty, so neither this stand-in nor a
    // file that imports it can make the compiler parse the bad text again.
    try {
      index.project.createSourceFile(path, '', { overwrite: true });
    } catch (standIn) {
      if (!(standIn instanceof RangeError)) throw standIn;
    }
  }

  private projectKey(path: string): string {
    for (let dir = dirname(path); ; dir = dirname(dir)) {
      const candidate = join(dir, 'tsconfig.json');
      const config = this.loadConfig(candidate);
      if (config) {
        const owner = this.configOwning(config, path, 0);
        if (owner) return owner.path;
      }
      if (dirname(dir) === dir) break;
    }
    return 'inferred:' + (this.roots.find((root) => path.startsWith(root + '/')) ?? dirname(path));
  }

  private configOwning(config: ConfigInfo, path: string, depth: number): ConfigInfo | undefined {
    if (config.fileNames.has(path)) return config;
    if (depth > 4) return undefined;
    for (const ref of config.references) {
      const child = this.loadConfig(ref);
      const owner = child && this.configOwning(child, path, depth + 1);
      if (owner) return owner;
    }
    return undefined;
  }

  private loadConfig(configPath: string): ConfigInfo | null {
    const cached = this.configs.get(configPath);
    if (cached !== undefined) return cached;
    let info: ConfigInfo | null = null;
    try {
      if (statSync(configPath, { throwIfNoEntry: false })?.isFile()) {
        const host: ts.ParseConfigFileHost = {
          ...ts.sys,
          // An `extends` naming a FIFO would block in open().
          readFile: (file: string) => (existsButNotRegular(file) ? undefined : ts.sys.readFile(file)),
          onUnRecoverableConfigFileDiagnostic: () => undefined,
        };
        const parsed = ts.getParsedCommandLineOfConfigFile(configPath, { noEmit: true }, host);
        if (parsed) {
          info = {
            path: configPath,
            options: { ...parsed.options, noEmit: true, skipLibCheck: true },
            fileNames: new Set(parsed.fileNames.map((f) => resolve(f)).filter((f) => this.handles(f))),
            references: (parsed.projectReferences ?? []).map((r) => r.path.endsWith('.json') ? r.path : join(r.path, 'tsconfig.json')),
          };
        }
      }
    } catch {
      info = null;
    }
    this.configs.set(configPath, info);
    return info;
  }

  private createConfigured(config: ConfigInfo): TsProjectIndex {
    const project = new Project({ compilerOptions: config.options, skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true, fileSystem: this.fileSystem });
    // The whole program, as tsserver loads it: summaries and references need every file.
    for (const file of config.fileNames) {
      try {
        project.addSourceFileAtPathIfExists(file);
      } catch (error) {
        if (!(error instanceof RangeError)) throw error;
        // Recorded before the stand-in is made: the file system then reads it as empty.
        this.unanalysable.set(file, 'skipped: the code is nested too deeply for the TypeScript parser');
        try {
          project.createSourceFile(file, '', { overwrite: true });
        } catch (standIn) {
          if (!(standIn instanceof RangeError)) throw standIn;
        }
      }
    }
    return new TsProjectIndex(project, config.path);
  }

  private createInferred(key: string): TsProjectIndex {
    const project = new Project({ compilerOptions: INFERRED_OPTIONS, skipFileDependencyResolution: true, fileSystem: this.fileSystem });
    return new TsProjectIndex(project, key);
  }
}
