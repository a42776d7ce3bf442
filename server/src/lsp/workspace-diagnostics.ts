/**
 * `workspace/diagnostic`: the findings of every analysable file under the workspace
 * folders, opened or not, for `loopwise.diagnosticMode: workspace` (the client
 * decides the mode; in `openFiles` it never asks).
 *
 * The client asks again two seconds after each answer. A report's resultId is the
 * server's analysis epoch, which moves on every edit, file change and settings
 * change; when every file's previous id is still current, the request waits for the
 * next change instead of analysing the same files again (a long poll, as the LSP
 * intends). Open files are left to the document pull, which the client prefers.
 * Reports stream as partial results (the client counts them for its progress bar),
 * and a cancelled request stops between two files.
 */
import { pathToFileURL } from 'node:url';
import {
  DocumentDiagnosticReportKind,
  type CancellationToken,
  type Connection,
  type ResultProgressReporter,
  type WorkDoneProgressReporter,
  type WorkspaceDiagnosticParams,
  type WorkspaceDiagnosticReport,
  type WorkspaceDiagnosticReportPartialResult,
  type WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver';
import { setTimeout as delay } from 'node:timers/promises';
import type { LoopwiseServer } from './loopwise-server';
// Between two files, so that a cancellation (or a request for an open file) gets in.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

/** How often a waiting request looks for a change, and how long edits must pause before a new pass. */
const POLL_MS = 250;
const QUIET_MS = 500;
/** Reports per partial result: the Problems panel fills while the pass runs. */
const BATCH = 10;

export class WorkspaceDiagnostics {
  constructor(private readonly connection: Connection, private readonly server: LoopwiseServer) {}

  async report(
    params: WorkspaceDiagnosticParams,
    token: CancellationToken,
    workDone: WorkDoneProgressReporter,
    resultProgress: ResultProgressReporter<WorkspaceDiagnosticReportPartialResult> | undefined,
  ): Promise<WorkspaceDiagnosticReport> {
    const workspace = this.server.analysisWorkspace;
    const previous = new Map(params.previousResultIds.map((p) => [p.uri, p.value]));
    // The worker lists the files: its backends decide which ones are analysable.
    const listFiles = async () => (await workspace.listFiles()).files
      .map((path) => ({ path, uri: pathToFileURL(path).href }))
      .filter((f) => !this.server.documents.get(f.uri));

    let files = await listFiles();
    const current = () => String(this.server.analysisEpoch);
    if (previous.size > 0 && files.every((f) => previous.get(f.uri) === current())) {
      if (!(await this.waitForChange(token))) return { items: [] };
      files = await listFiles();
    }

    const epoch = current();
    const started = Date.now();
    const progress = this.beginProgress(workDone, files.length);
    const items: WorkspaceDocumentDiagnosticReport[] = [];
    let batch: WorkspaceDocumentDiagnosticReport[] = [];
    let analysed = 0;
    let problems = 0;
    try {
      for (const [index, file] of files.entries()) {
        await yieldToEventLoop();
        if (token.isCancellationRequested) {
          this.connection.console.info(`Workspace diagnostics cancelled after ${analysed} of ${files.length} files.`);
          return { items: [] };
        }
        progress.report(Math.round((100 * index) / Math.max(1, files.length)), `${index} of ${files.length} files`);
        let report: WorkspaceDocumentDiagnosticReport;
        if (previous.get(file.uri) === epoch) {
          report = { kind: DocumentDiagnosticReportKind.Unchanged, uri: file.uri, version: null, resultId: epoch };
        } else {
          const settings = await this.server.settingsFor(file.uri);
          // Runs in the analysis worker, which computes the diagnostics' positions on the text it analysed.
          const result = await workspace.analyzeFile(file.path, settings, token);
          if (!result) {
            // Cancelled by the request, or made stale by an edit (which moved the epoch): the
            // files not yet reported are analysed on the client's next request.
            if (token.isCancellationRequested) {
              this.connection.console.info(`Workspace diagnostics cancelled after ${analysed} of ${files.length} files.`);
              return { items: [] };
            }
            break;
          }
          analysed++;
          if (result.analysis.error) this.connection.console.warn(`${file.path}: ${result.analysis.error}`);
          problems += result.analysis.findings.length;
          report = { kind: DocumentDiagnosticReportKind.Full, uri: file.uri, version: null, resultId: epoch, items: result.diagnostics };
        }
        if (resultProgress) {
          batch.push(report);
          if (batch.length >= BATCH) {
            resultProgress.report({ items: batch });
            batch = [];
          }
        } else {
          items.push(report);
        }
      }
    } finally {
      progress.done();
    }
    if (analysed > 0) {
      this.connection.console.info(`Workspace diagnostics: analysed ${analysed} of ${files.length} files (the others unchanged or open) in ${Date.now() - started} ms; ${problems} problems.`);
    }
    return { items: resultProgress ? batch : items };
  }

  /** Resolves true once the epoch has moved and then stayed put for QUIET_MS; false if cancelled first. */
  private async waitForChange(token: CancellationToken): Promise<boolean> {
    const start = this.server.analysisEpoch;
    while (this.server.analysisEpoch === start) {
      if (token.isCancellationRequested) return false;
      await delay(POLL_MS);
    }
    for (let seen = this.server.analysisEpoch; ; seen = this.server.analysisEpoch) {
      await delay(QUIET_MS);
      if (token.isCancellationRequested) return false;
      if (this.server.analysisEpoch === seen) return true;
    }
  }

  /** Work-done progress when the client gave a token for it (VS Code's client shows its own). */
  private beginProgress(workDone: WorkDoneProgressReporter, total: number): { report(pct: number, message: string): void; done(): void } {
    workDone.begin('Loopwise: analysing the workspace', 0, `0 of ${total} files`, false);
    return {
      report: (pct, message) => workDone.report(pct, message),
      done: () => workDone.done(),
    };
  }
}
