/**
 * Turns findings into LSP diagnostics for one document (in the analysis worker),
 * and caches each analysis on the LSP thread by document version and by the
 * workspace's edit epoch (a change to any file can change another file's call
 * graph).
 */
import { fileURLToPath } from 'node:url';
import { pathToFileURL } from 'node:url';
import {
  DiagnosticSeverity,
  DiagnosticTag,
  type CancellationToken,
  type Diagnostic,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position } from '../core/positions';
import type { AnalysisThread } from './analysis-thread';
import type { Severity } from '../protocol';
import type { LoopwiseSettings } from '../protocol';
import { ruleDocsUrl } from '../rules/docs';
import type { AnalysisWorkspace, FileAnalysis } from '../engine/workspace';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export interface CachedAnalysis {
  version: number;
  epoch: number;
  settings: LoopwiseSettings;
  analysis: FileAnalysis;
  diagnostics: Diagnostic[];
}

export class DiagnosticsCache {
  private entries = new Map<string, CachedAnalysis>();
  /** Bumped on every edit anywhere: a cached result is only good for the epoch it was made in. */
  epoch = 0;

  get(uri: string): CachedAnalysis | undefined {
    return this.entries.get(uri);
  }

  fresh(document: TextDocument, settings: LoopwiseSettings): CachedAnalysis | undefined {
    const entry = this.entries.get(document.uri);
    return entry && entry.version === document.version && entry.epoch === this.epoch && entry.settings === settings ? entry : undefined;
  }

  set(uri: string, entry: CachedAnalysis): void {
    this.entries.set(uri, entry);
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }

  clear(): void {
    this.entries.clear();
  }
}

export function documentPath(uri: string): string | undefined {
  return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
}

/** The document's analysis from the cache or the worker; `undefined` if cancelled or made stale by an edit. */
export async function analyzeDocument(
  analysis: AnalysisThread,
  cache: DiagnosticsCache,
  document: TextDocument,
  settings: LoopwiseSettings,
  token: CancellationToken,
): Promise<CachedAnalysis | undefined> {
  const cached = cache.fresh(document, settings);
  if (cached) return cached;
  const path = documentPath(document.uri);
  if (!path) return undefined;
  const epoch = cache.epoch;
  const version = document.version;
  const result = await analysis.analyzeFile(path, settings, token);
  if (!result || token.isCancellationRequested) return undefined;
  const entry: CachedAnalysis = { version, epoch, settings, analysis: result.analysis, diagnostics: result.diagnostics };
  cache.set(document.uri, entry);
  return entry;
}

/** Diagnostics for a file's findings; `document` maps offsets in the text that was analysed. */
export function toDiagnostics(workspace: AnalysisWorkspace, document: { positionAt(offset: number): Position }, analysis: FileAnalysis): Diagnostic[] {
  const diagnostics: Diagnostic[] = analysis.findings.map((f) => {
    const diagnostic: Diagnostic = {
      range: { start: document.positionAt(f.start), end: document.positionAt(f.end) },
      severity: SEVERITY[f.severity],
      code: f.rule,
      codeDescription: { href: ruleDocsUrl(f.rule) },
      source: 'loopwise',
      message: f.message,
    };
    if ((f.rule as string) === 'unused-suppression') diagnostic.tags = [DiagnosticTag.Unnecessary];
    const related = [...(f.detail ? [{ file: analysis.file, start: f.start, end: f.end, message: f.detail }] : []), ...(f.related ?? [])];
    if (related.length > 0) {
      diagnostic.relatedInformation = related.map((r) => {
        const map = workspace.lineMapOf(r.file);
        return {
          location: { uri: pathToFileURL(r.file).href, range: { start: map.positionAt(r.start), end: map.positionAt(r.end) } },
          message: r.message,
        };
      });
    }
    return diagnostic;
  });
  if (analysis.error) {
    diagnostics.push({
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: DiagnosticSeverity.Information,
      source: 'loopwise',
      message: `Loopwise ${analysis.error}`,
    });
  }
  return diagnostics;
}
