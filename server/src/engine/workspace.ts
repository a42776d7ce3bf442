/**
 * The analysis workspace: routes each file to its language backend, resolves the
 * severity each finding gets under the settings, and turns any failure on one
 * file into a note on that file, so that every other file is still analysed.
 * It knows no backend or rule by name: the composition root (`analysis.ts`,
 * used by `server.ts` and `cli.ts`) hands them in.
 */
import { resolve } from 'node:path';
import type { LoopwiseSettings, Severity } from '../protocol';
import { NEVER_CANCELLED, type Cancellation } from '../core/cancellation';
import type { Finding } from '../core/finding';
import { ruleLevel, type RuleMeta } from '../core/rule-meta';
import type { AnalysisBackend } from '../core/backend';
import { describeFailure } from '../core/dispatch';
import { UnanalysableFileError } from '../core/errors';
import { LineMap } from '../core/positions';
import { readSourceText } from '../core/regular-file';
import { FileSuppressions } from './suppressions';

export interface ResolvedFinding extends Finding {
  severity: Severity;
}

export interface FileAnalysis {
  file: string;
  findings: ResolvedFinding[];
  /** Why the file could not be analysed, if it could not, or a note on its analysis. */
  error?: string;
  /**
   * Set when the file was not (wholly) analysed: `skipped` for a reason the file gives
   * (binary, too large, nested too deeply), `failed` when Loopwise itself failed
   * on it (a bug in a rule or a backend that could not load; the other rules'
   * findings are still there). Unset with an `error` when the file was analysed
   * and the error is a note (e.g. syntax errors).
   */
  outcome?: 'skipped' | 'failed';
  /** The token was cancelled: this is no result, and nothing in it is to be shown. */
  cancelled?: true;
}


/** A backend that loads a batch of files up front (the CLI's batch mode) and drops its projects on demand. */
export interface PreloadingBackend extends AnalysisBackend {
  preload(filePaths: string[]): void;
  reset(): void;
}

/** What the composition root hands the workspace. */
export interface AnalysisSetup {
  /** The TypeScript backend: the CLI preloads it, the server resets it when a tsconfig changes. */
  typescript: PreloadingBackend;
  /** The other backends, tried in order after the TypeScript one. */
  backends: AnalysisBackend[];
  /** Every rule of the registry, for default severities. */
  rules: readonly { readonly meta: RuleMeta }[];
  /** Where failures are logged with their file, rule and stack (the server's output channel, the CLI's stderr). */
  log?: (message: string) => void;
}

export class AnalysisWorkspace {
  readonly typescript: PreloadingBackend;
  private readonly backends: AnalysisBackend[];
  private readonly rules: readonly { readonly meta: RuleMeta }[];
  private readonly log: ((message: string) => void) | undefined;
  private readonly openTexts = new Map<string, string>();
  private readonly lineMaps = new Map<string, LineMap>();

  /** `setup` builds the backends on the resolved `roots`. */
  constructor(readonly roots: string[], setup: (roots: string[]) => AnalysisSetup) {
    this.roots = roots.map((r) => resolve(r));
    const { typescript, backends, rules, log } = setup(this.roots);
    this.log = log;
    this.typescript = typescript;
    this.backends = [typescript, ...backends];
    this.rules = rules;
  }

  addBackend(backend: AnalysisBackend): void {
    this.backends.push(backend);
  }

  backendFor(filePath: string): AnalysisBackend | undefined {
    return this.backends.find((b) => b.handles(filePath));
  }

  setDocumentText(filePath: string, text: string | undefined): void {
    const path = resolve(filePath);
    if (text === undefined) this.openTexts.delete(path);
    else this.openTexts.set(path, text);
    this.lineMaps.delete(path);
    this.backendFor(path)?.setDocumentText(path, text);
  }

  /** The text positions refer to: the editor's, else the disk's. */
  lineMapOf(filePath: string): LineMap {
    const path = resolve(filePath);
    let map = this.lineMaps.get(path);
    if (!map) {
      let text = this.openTexts.get(path);
      // Decoded as the backends decode it (UTF-16 too), and never from a FIFO.
      text ??= readSourceText(path) ?? '';
      map = new LineMap(text);
      this.lineMaps.set(path, map);
    }
    return map;
  }

  /** Forgets cached disk text (after files changed on disk). */
  forgetDiskText(filePath?: string): void {
    if (filePath) this.lineMaps.delete(resolve(filePath));
    else this.lineMaps.clear();
  }

  async analyzeFile(filePath: string, settings: LoopwiseSettings, token: Cancellation = NEVER_CANCELLED): Promise<FileAnalysis> {
    const path = resolve(filePath);
    const backend = this.backendFor(path);
    if (!backend || !settings.enable) return { file: path, findings: [] };
    try {
      // Read once: the rules ask it while they run, and it drops what it covers after them.
      const suppressions = new FileSuppressions(this.lineMapOf(path).text, path, settings);
      const raw = await backend.analyzeFile(path, settings, token, suppressions.isSuppressed);
      if (token.isCancellationRequested) return { file: path, findings: [], cancelled: true };
      const failures = backend.ruleFailures?.(path) ?? [];
      for (const failure of failures) this.log?.(describeFailure(path, failure));
      const failed = new Set<string>(failures.map((f) => f.rule));
      const findings = suppressions.apply(raw, {
        // A failed rule did not run to the end: its suppressions are not unused.
        ranRules: new Set([...ranRules(backend, settings)].filter((id) => !failed.has(id))),
      });
      const resolved = findings.flatMap((f) => this.resolveSeverity(f, settings));
      resolved.sort((a, b) => a.start - b.start || a.end - b.end);
      const notes = [
        backend.fileNote?.(path),
        ...failures.map((f) => `the rule ${f.rule} failed on this file (${describe(f.error)}), so its findings are missing (the log has the stack)`),
      ].filter((n): n is string => n !== undefined);
      if (notes.length === 0) return { file: path, findings: resolved };
      return { file: path, findings: resolved, error: notes.join('; '), ...(failures.length > 0 ? { outcome: 'failed' as const } : {}) };
    } catch (error) {
      if (error instanceof UnanalysableFileError) return { file: path, findings: [], error: error.message, outcome: 'skipped' };
      const tooDeep = isStackOverflow(error);
      if (!tooDeep) this.log?.(`could not analyse ${path}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      return { file: path, findings: [], error: `could not analyse this file: ${describe(error)}`, outcome: tooDeep ? 'skipped' : 'failed' };
    }
  }

  private resolveSeverity(finding: Finding, settings: LoopwiseSettings): ResolvedFinding[] {
    const configured = settings.rules[finding.rule];
    if (configured === 'off') return [];
    const rule = this.rules.find((r) => r.meta.id === finding.rule);
    const severity = configured ?? finding.severity ?? rule?.meta.defaultSeverity ?? 'warning';
    return [{ ...finding, severity }];
  }
}

/** The rules that run on the backend's files under these settings. */
function ranRules(backend: AnalysisBackend, settings: LoopwiseSettings): Set<string> {
  return new Set(backend.rules.filter((r) => ruleLevel(r, settings) !== 'off').map((r) => r.meta.id));
}

function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

function describe(error: unknown): string {
  if (isStackOverflow(error)) return 'the code is nested too deeply to analyse';
  return error instanceof Error ? error.message : String(error);
}
