/**
 * The analysis workspace: routes each file to its language backend, resolves the
 * severity each finding gets under the settings, and turns any failure on one
 * file into a note on that file, so that every other file is still analysed.
 */
import { resolve } from 'node:path';
import type { LoopwiseSettings, Severity } from '../protocol';
import { findRule, ruleLevel, rules } from '../rules';
import type { Cancellation, Finding } from '../rules/types';
import { PythonBackend } from '../python/backend';
import { TypeScriptBackend } from '../ts/typescript-backend';
import { UnanalysableFileError, type AnalysisBackend } from './backend';
import { LineMap } from './positions';
import { readSourceText } from './regular-file';
import { applySuppressions, isPythonFile } from './suppressions';

export interface ResolvedFinding extends Finding {
  severity: Severity;
}

export interface FileAnalysis {
  file: string;
  findings: ResolvedFinding[];
  /** Why the file could not be analysed, if it could not. */
  error?: string;
}

export const NEVER_CANCELLED: Cancellation = { isCancellationRequested: false };

export class AnalysisWorkspace {
  readonly typescript: TypeScriptBackend;
  private readonly backends: AnalysisBackend[];
  private readonly openTexts = new Map<string, string>();
  private readonly lineMaps = new Map<string, LineMap>();

  constructor(readonly roots: string[], extraBackends: AnalysisBackend[] = []) {
    this.roots = roots.map((r) => resolve(r));
    this.typescript = new TypeScriptBackend(this.roots);
    this.backends = [this.typescript, new PythonBackend(this.roots), ...extraBackends];
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
      const findings = applySuppressions(this.lineMapOf(path).text, path, await backend.analyzeFile(path, settings, token), settings, {
        ranRules: ranRules(path, settings),
      });
      const resolved = findings.flatMap((f) => this.resolveSeverity(f, settings));
      resolved.sort((a, b) => a.start - b.start || a.end - b.end);
      const note = backend.fileNote?.(path);
      return note ? { file: path, findings: resolved, error: note } : { file: path, findings: resolved };
    } catch (error) {
      const message = error instanceof UnanalysableFileError
        ? error.message
        : `could not analyse this file: ${describe(error)}`;
      return { file: path, findings: [], error: message };
    }
  }

  private resolveSeverity(finding: Finding, settings: LoopwiseSettings): ResolvedFinding[] {
    const configured = settings.rules[finding.rule];
    if (configured === 'off') return [];
    const rule = findRule(finding.rule);
    const severity = configured ?? finding.severity ?? rule?.meta.defaultSeverity ?? 'warning';
    return [{ ...finding, severity }];
  }
}

/** The rules that run on this file under these settings. */
function ranRules(path: string, settings: LoopwiseSettings): Set<string> {
  const python = isPythonFile(path);
  return new Set(rules.filter((r) => (python ? r.checkPython : r.checkTypeScript) && ruleLevel(r, settings) !== 'off').map((r) => r.meta.id));
}

function describe(error: unknown): string {
  if (error instanceof RangeError && /call stack/i.test(error.message)) return 'the code is nested too deeply to analyse';
  return error instanceof Error ? error.message : String(error);
}
