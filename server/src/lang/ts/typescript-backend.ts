/**
 * The TypeScript/JavaScript backend: one compiler language service per tsconfig
 * found for a file, plus one inferred project per folder root for loose files
 * (see language-service-project.ts). The projects share one document registry,
 * so a file that several include is parsed once. An editor's text is only
 * stored when it changes; the program is rebuilt, reusing every unchanged file,
 * when the next analysis asks for it.
 */
import { statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ts } from './compiler';
import type { LoopwiseSettings } from '../../protocol';
import type { AnalysisBackend, SuppressedAt } from '../../core/backend';
import { UnanalysableFileError } from '../../core/errors';
import { screenText } from '../../core/source-screening';
import { existsButNotRegular } from '../../core/regular-file';
import { AnalysisBudget, DEFAULT_BUDGET, type BudgetLimits } from '../../core/analysis-budget';
import { assertParsable, ScreeningFileSystemHost } from './screening-file-system';
import type { Cancellation } from '../../core/cancellation';
import type { Finding } from '../../core/finding';
import { dispatchRules, type RuleFailure } from '../../core/dispatch';
import type { TsRule } from './rule-context';
import { ruleLevel } from '../../core/rule-meta';
import { TsProjectIndex } from './project-index';
import { createSharedDocumentRegistry, LanguageServiceProject, SourceTexts } from './language-service-project';

const SOURCE_EXTENSION = /\.(?:[cm]?[jt]s|[jt]sx)$/i;

/** Programs kept at once; each holds a checker, which for a big project is hundreds of MB. */
const MAX_LIVE_PROJECTS = 8;

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

/** "No inputs were found": a tsconfig that governs no file governs none of ours either. */
const IGNORED_CONFIG_CODES = new Set([18003]);

function describeConfigProblem(problems: ts.Diagnostic[], readAtAll: boolean): string {
  const first = problems[0];
  let where = '';
  if (first.file && first.start !== undefined) where = ` line ${first.file.getLineAndCharacterOfPosition(first.start).line + 1}:`;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  const then = readAtAll ? 'analysed with the options TypeScript could read from it' : 'analysed with Loopwise\'s default options instead';
  return `has a problem,${where} ${ts.flattenDiagnosticMessageText(first.messageText, ' ')}${more}; ${then}`;
}

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
  /** The rules that failed in the last analysis of each file. */
  private failures = new Map<string, RuleFailure[]>();
  /** Files whose last analysis ran out of budget, with the note saying so. */
  private budgetNotes = new Map<string, string>();
  /** tsconfig.json files TypeScript could not fully read, with the note for the files they govern. */
  private configProblems = new Map<string, string>();
  private lastWork = new Map<string, number>();
  /** The per-file budget; tests make it small. */
  budgetLimits: BudgetLimits = DEFAULT_BUDGET;
  /** Projects that have built a program, least recently analysed first. */
  private recent = new Set<TsProjectIndex>();
  /** Open files whose text has not been screened since it changed. */
  private unscreened = new Set<string>();

  private readonly fileSystem = new ScreeningFileSystemHost(
    (path) => this.handles(path),
    (path, reason) => this.unanalysable.set(resolve(path), reason),
    (path) => this.unanalysable.has(resolve(path)),
  );
  private readonly texts = new SourceTexts({
    readFile: (path) => {
      // A FIFO or device named as a source file still reaches the screening file
      // system, which reads it as empty with a note instead of blocking in open().
      if (!this.fileSystem.fileExistsSync(path) && !existsButNotRegular(path)) return undefined;
      try {
        return this.fileSystem.readFileSync(path, 'utf-8');
      } catch (error) {
        if (!this.handles(path)) return undefined;
        this.unanalysable.set(path, `could not read the file: ${(error as Error).message}`);
        return '';
      }
    },
    fileExists: (path) => this.fileSystem.fileExistsSync(path),
    directoryExists: (path) => this.fileSystem.directoryExistsSync(path),
    realpath: (path) => {
      try {
        return this.fileSystem.realpathSync(path);
      } catch {
        return path;
      }
    },
    getDirectories: (path) => ts.sys.getDirectories(path),
  });
  private readonly registry = createSharedDocumentRegistry();

  /** `roots` key the inferred projects, one per workspace folder; `rules` are the rules to run. */
  constructor(private readonly roots: string[], readonly rules: readonly TsRule[]) {}

  handles(filePath: string): boolean {
    return SOURCE_EXTENSION.test(filePath) && !/\.d\.[cm]?ts$/i.test(filePath) && !filePath.includes('/node_modules/');
  }

  /** Only stores the text: it is screened and parsed when an analysis next needs it. */
  setDocumentText(filePath: string, text: string | undefined): void {
    const path = resolve(filePath);
    if (text === undefined) this.openFiles.delete(path);
    else this.openFiles.set(path, text);
    this.unanalysable.delete(path);
    this.unscreened.delete(path);
    if (text === undefined) {
      this.texts.setOverride(path, undefined);
      this.texts.forgetDisk(path);
      // It may have been created or deleted on disk.
      for (const index of this.indexes.values()) index.project.clearResolutions();
    } else {
      this.texts.setOverride(path, text);
      this.unscreened.add(path);
      const index = this.findIndex(path);
      if (index) this.load(index, path, text);
    }
    for (const index of this.indexes.values()) index.invalidate(path);
  }

  reset(): void {
    for (const index of this.indexes.values()) index.project.dispose();
    this.recent.clear();
    this.configs.clear();
    this.configProblems.clear();
    this.indexes.clear();
    this.unanalysable.clear();
    this.failures.clear();
    this.texts.forgetDisk();
    for (const path of this.openFiles.keys()) this.unscreened.add(path);
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

  /**
   * Beyond MAX_LIVE_PROJECTS, releases the least recently analysed projects (a
   * monorepo's packages, in the CLI or an editor open on many of them); a released
   * project is built again if it is needed. Not one at a time: the live ones keep
   * the declaration files they share in the registry, so the next project does
   * not parse the language's and Node's declarations again.
   */
  private releaseIdle(current: TsProjectIndex): void {
    this.recent.delete(current);
    this.recent.add(current);
    for (const index of this.recent) {
      if (this.recent.size <= MAX_LIVE_PROJECTS) break;
      this.release(index);
    }
  }

  private release(index: TsProjectIndex): void {
    this.recent.delete(index);
    index.project.dispose();
    for (const [key, value] of this.indexes) if (value === index) this.indexes.delete(key);
  }

  async analyzeFile(filePath: string, settings: LoopwiseSettings, token: Cancellation, suppressed?: SuppressedAt): Promise<Finding[]> {
    const path = resolve(filePath);
    const index = this.indexFor(path);
    this.releaseIdle(index);
    this.ensureLoaded(index, path);
    const program = this.programOf(index);
    const skipped = this.unanalysable.get(path);
    if (skipped) throw new UnanalysableFileError(skipped);
    const sourceFile = program.getSourceFile(path);
    if (!sourceFile) throw new UnanalysableFileError('the TypeScript compiler could not load this file');
    index.setExtraBlockingApis(settings.blockingApis.extra);
    // The shared registry parses without parent pointers; binding every file, as
    // making the checker does, sets them before any rule walks a tree.
    void index.checker;
    // The binder leaves a node without its parent when its own recursion gives up
    // (a 1,000-link member chain in the fuzz inputs of bad-input.test.ts), and the
    // rules walk up from any node: set the analysed file's parents, without recursion.
    setParents(sourceFile);
    const findings: Finding[] = [];
    this.budgetNotes.delete(path);
    const budget = new AnalysisBudget(token, sourceFile.text.length, this.budgetLimits);
    const active = this.rules.filter((rule) => ruleLevel(rule, settings) !== 'off');
    const { failures } = dispatchRules(active, settings, budget, (rule) => {
      // A rule that fails keeps none of its findings: half a rule's findings would read as all of them.
      const own: Finding[] = [];
      rule.checkTypeScript({
        meta: rule.meta,
        sourceFile,
        index,
        settings,
        token: budget,
        isSuppressed: (offset) => suppressed?.(rule.meta.id, offset) ?? false,
        report: (finding) => own.push({ ...finding, rule: rule.meta.id }),
      });
      findings.push(...own);
      if (budget.exhausted) {
        const i = active.indexOf(rule);
        this.budgetNotes.set(path, budget.note(rule.meta.id, active.slice(i + 1).map((r) => r.meta.id)));
      }
    });
    this.failures.set(path, failures);
    this.lastWork.set(path, budget.work);
    return findings;
  }

  ruleFailures(filePath: string): readonly RuleFailure[] {
    return this.failures.get(resolve(filePath)) ?? [];
  }

  /** Work (budget polls) the last analysis of a file took; tests compare it across input sizes. */
  workOf(filePath: string): number | undefined {
    return this.lastWork.get(resolve(filePath));
  }

  fileNote(filePath: string): string | undefined {
    const notes = [this.budgetNotes.get(resolve(filePath)), this.syntaxNote(filePath), this.configNote(resolve(filePath))].filter((n) => n !== undefined);
    return notes.length > 0 ? notes.join('; ') : undefined;
  }

  private syntaxNote(filePath: string): string | undefined {
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
        if (this.projectKey(openPath) === key) this.load(index, openPath, text);
      }
    }
    return index;
  }

  private ensureLoaded(index: TsProjectIndex, path: string): void {
    if (index.project.has(path) || this.unanalysable.has(path)) return;
    try {
      const open = this.openFiles.get(path);
      if (open !== undefined) {
        this.load(index, path, open);
      } else {
        if (!this.texts.exists(path) && !existsButNotRegular(path)) throw Object.assign(new Error(`File not found: ${path}`), { code: 'ENOENT' });
        // Read (and screened) now, as a file added to a project always was.
        this.texts.get(path);
        index.project.addRoot(path);
      }
    } catch (error) {
      this.markUnanalysable(index, path, error);
    }
    index.invalidate(path);
  }

  /** Makes an open file a root of the project; its text is parsed when the program is next built. */
  private load(index: TsProjectIndex, path: string, text: string): void {
    this.texts.setOverride(path, text);
    index.project.addRoot(path);
  }

  /** Screens open texts that changed, then builds (or reuses) the project's program. */
  private programOf(index: TsProjectIndex): ts.Program {
    for (const path of this.unscreened) {
      this.unscreened.delete(path);
      const text = this.openFiles.get(path);
      if (text === undefined) continue;
      try {
        screenText(text);
        assertParsable(path, text);
      } catch (error) {
        this.markUnanalysable(index, path, error);
      }
    }
    try {
      return index.program;
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      // The parser overflowed the stack on some file the screens let through:
      // find it, so that it alone gets a note.
      for (const path of index.project.rootNames()) {
        const text = this.texts.get(path)?.snapshot.text;
        if (text === undefined) continue;
        try {
          ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false);
        } catch (parseError) {
          if (parseError instanceof RangeError) this.markUnanalysable(index, path, parseError);
          else throw parseError;
        }
      }
      return index.program;
    }
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
    this.texts.setOverride(path, '');
    index.project.addRoot(path);
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
          onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
            unrecoverable = diagnostic;
          },
        };
        let unrecoverable: ts.Diagnostic | undefined;
        const parsed = ts.getParsedCommandLineOfConfigFile(configPath, { noEmit: true }, host);
        // What TypeScript could not read in it (bad JSON, an `extends` it cannot find), for the files it governs.
        // JSON syntax errors are not in `errors`: they stay on the parsed config file.
        const problems = [...(unrecoverable ? [unrecoverable] : []), ...(parsed ? ts.getConfigFileParsingDiagnostics(parsed) : []), ...(parsed?.errors ?? [])]
          .filter((d, i, all) => !IGNORED_CONFIG_CODES.has(d.code) && all.indexOf(d) === i);
        if (problems.length > 0) this.configProblems.set(configPath, describeConfigProblem(problems, parsed !== undefined));
        else this.configProblems.delete(configPath);
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

  /** The note for a file whose nearest tsconfig.json has problems. */
  private configNote(path: string): string | undefined {
    for (let dir = dirname(path); ; dir = dirname(dir)) {
      const candidate = join(dir, 'tsconfig.json');
      const problem = this.configProblems.get(candidate);
      if (problem) return `${relative(dirname(path), candidate)} ${problem}`;
      if (this.configs.get(candidate)) return undefined;
      if (dirname(dir) === dir) return undefined;
    }
  }

  private createConfigured(config: ConfigInfo): TsProjectIndex {
    const project = new LanguageServiceProject(config.options, this.texts, this.registry);
    // The whole program, as tsserver loads it: summaries and references need every file.
    for (const file of config.fileNames) {
      if (this.texts.exists(file) || existsButNotRegular(file)) project.addRoot(file);
    }
    return new TsProjectIndex(project, config.path);
  }

  private createInferred(key: string): TsProjectIndex {
    return new TsProjectIndex(new LanguageServiceProject(INFERRED_OPTIONS, this.texts, this.registry), key);
  }
}

/** Sets every node's parent under `root`, with an explicit stack (the trees that need it are the deep ones). */
function setParents(root: ts.Node): void {
  const stack: ts.Node[] = [root];
  while (stack.length > 0) {
    const parent = stack.pop()!;
    ts.forEachChild(parent, (child) => {
      (child as { parent: ts.Node }).parent = parent;
      stack.push(child);
    });
  }
}
