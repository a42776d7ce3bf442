/**
 * The language server's state and its feature handlers. `server.ts` only binds
 * these to the connection.
 */
import {
  CodeActionKind,
  DocumentDiagnosticReportKind,
  TextDocumentSyncKind,
  type CodeAction,
  type CodeActionParams,
  type CancellationToken,
  type Connection,
  type DidChangeConfigurationParams,
  type DidChangeWatchedFilesParams,
  type DocumentDiagnosticParams,
  type DocumentDiagnosticReport,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { LSPErrorCodes, ResponseError, TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'node:url';
import type { AnalysisThread } from './analysis-thread';
import { analyzeDocument, DiagnosticsCache, documentPath } from './diagnostics';
import { FIX_ALL_KIND, quickFixes } from './code-actions';
import { SettingsCache } from './settings-cache';
import type { LoopwiseSettings } from '../protocol';

const PUSH_DEBOUNCE_MS = 200;
const REFRESH_DEBOUNCE_MS = 400;

export class LoopwiseServer {
  readonly documents = new TextDocuments(TextDocument);
  private analysis: AnalysisThread | undefined;
  private readonly cache = new DiagnosticsCache();
  private readonly settings: SettingsCache;
  private supportsConfiguration = false;
  private supportsPull = false;
  private supportsRefresh = false;
  private pushTimers = new Map<string, NodeJS.Timeout>();
  private refreshTimer: NodeJS.Timeout | undefined;

  /** `createAnalysis` comes from the composition root (`server.ts`): the worker, on the folders given. */
  constructor(
    private readonly connection: Connection,
    private readonly createAnalysis: (roots: string[], log: (message: string) => void) => AnalysisThread,
  ) {
    this.settings = new SettingsCache(connection, () => this.supportsConfiguration);
  }

  initialize(params: InitializeParams): InitializeResult {
    const caps = params.capabilities;
    this.supportsConfiguration = caps.workspace?.configuration === true;
    this.supportsPull = caps.textDocument?.diagnostic !== undefined;
    this.supportsRefresh = caps.workspace?.diagnostics?.refreshSupport === true;
    const roots = (params.workspaceFolders ?? []).filter((f) => f.uri.startsWith('file:')).map((f) => fileURLToPath(f.uri));
    if (roots.length === 0 && params.rootUri?.startsWith('file:')) roots.push(fileURLToPath(params.rootUri));
    this.analysis = this.createAnalysis(roots, (message) => this.connection.console.error(message));
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        diagnosticProvider: this.supportsPull ? { interFileDependencies: true, workspaceDiagnostics: true } : undefined,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
      },
      serverInfo: { name: 'loopwise' },
    };
  }

  /** The analysis worker; made in `initialize`. */
  private get worker(): AnalysisThread {
    if (!this.analysis) this.analysis = this.createAnalysis([], (message) => this.connection.console.error(message));
    return this.analysis;
  }

  /** What workspace diagnostics and the start-up log use: the worker's roots, file listing and analyses. */
  get analysisWorkspace(): AnalysisThread {
    return this.worker;
  }

  /** Changes on every edit, file change and settings change: a workspace report is current only for its epoch. */
  get analysisEpoch(): number {
    return this.cache.epoch;
  }

  settingsFor(uri: string): Promise<LoopwiseSettings> {
    return this.settings.get(uri);
  }

  /** Only records the text: the worker parses it when diagnostics are next pulled. */
  onDocumentChanged(document: TextDocument): void {
    const path = documentPath(document.uri);
    if (path) this.worker.setDocumentText(path, document.getText());
    this.cache.epoch++;
    if (this.supportsPull) this.scheduleRefresh();
    else this.schedulePush(document);
  }

  onDocumentClosed(document: TextDocument): void {
    const path = documentPath(document.uri);
    if (path) this.worker.setDocumentText(path, undefined);
    this.cache.delete(document.uri);
    this.cache.epoch++;
    if (!this.supportsPull) void this.connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  }

  onConfigurationChanged(_params: DidChangeConfigurationParams): void {
    this.settings.clear();
    this.cache.clear();
    this.cache.epoch++;
    this.refreshAll();
  }

  onWatchedFilesChanged(params: DidChangeWatchedFilesParams): void {
    const changes = params.changes.flatMap((change) => {
      const path = documentPath(change.uri);
      return path ? [{ path, open: this.documents.get(change.uri) !== undefined }] : [];
    });
    this.worker.diskChanged(changes);
    this.cache.epoch++;
    this.refreshAll();
  }

  async diagnostics(params: DocumentDiagnosticParams, token: CancellationToken): Promise<DocumentDiagnosticReport> {
    const document = this.documents.get(params.textDocument.uri);
    if (!document) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const settings = await this.settings.get(document.uri);
    const entry = await analyzeDocument(this.worker, this.cache, document, settings, token);
    // Stale (the document changed) or cancelled: the client asks again.
    if (!entry) throw new ResponseError(LSPErrorCodes.ServerCancelled, 'the document changed during analysis', { retriggerRequest: true });
    return { kind: DocumentDiagnosticReportKind.Full, items: entry.diagnostics };
  }

  async codeActions(params: CodeActionParams, token: CancellationToken): Promise<CodeAction[]> {
    const document = this.documents.get(params.textDocument.uri);
    if (!document) return [];
    const settings = await this.settings.get(document.uri);
    const entry = await analyzeDocument(this.worker, this.cache, document, settings, token);
    if (!entry) return [];
    return quickFixes(document, entry, params.range, params.context.only);
  }

  shutdown(): void {
    this.analysis?.dispose();
  }

  private refreshAll(): void {
    if (this.supportsPull) {
      if (this.supportsRefresh) void this.connection.languages.diagnostics.refresh();
    } else {
      for (const document of this.documents.all()) this.schedulePush(document);
    }
  }

  /** Other open files may depend on the one that changed; ask the client to pull again once typing pauses. */
  private scheduleRefresh(): void {
    if (!this.supportsRefresh) return;
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.connection.languages.diagnostics.refresh(), REFRESH_DEBOUNCE_MS);
  }

  private schedulePush(document: TextDocument): void {
    clearTimeout(this.pushTimers.get(document.uri));
    this.pushTimers.set(document.uri, setTimeout(async () => {
      this.pushTimers.delete(document.uri);
      const current = this.documents.get(document.uri);
      if (!current) return;
      const settings = await this.settings.get(current.uri);
      const entry = await analyzeDocument(this.worker, this.cache, current, settings, { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) });
      if (entry && this.documents.get(current.uri)?.version === current.version) {
        void this.connection.sendDiagnostics({ uri: current.uri, version: current.version, diagnostics: entry.diagnostics });
      }
    }, PUSH_DEBOUNCE_MS));
  }
}
