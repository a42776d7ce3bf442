/**
 * `loopwise.diagnosticMode`: `openFiles` (the document pull only) or `workspace`
 * (also `workspace/diagnostic`, so the Problems panel lists files nobody opened).
 * The server always answers workspace pulls; this middleware decides whether the
 * client asks, shows the pass's progress with a Cancel button, and after a cancel
 * asks no more until a file changes or "Loopwise: Analyse Workspace" runs.
 *
 * Left at its default, the mode is `workspace` unless the workspace is very large:
 * more than LARGE_WORKSPACE_FILES analysable files, where one pass after each edit
 * would cost more than it shows. Set the mode explicitly to override that.
 */
import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';
import type { AnalysisStatus } from './analysis-status';

export const LARGE_WORKSPACE_FILES = 5000;
export const SOURCE_GLOB = '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs,py}';
const EXCLUDE_GLOB = '{**/node_modules/**,**/.*/**,**/*.d.ts,**/*.d.mts,**/*.d.cts}';

export type DiagnosticMode = 'openFiles' | 'workspace';

export interface EffectiveMode {
  mode: DiagnosticMode;
  /** Why, for the status item and the log. */
  reason: string;
}

export async function effectiveDiagnosticMode(): Promise<EffectiveMode> {
  const inspected = vscode.workspace.getConfiguration('loopwise').inspect<string>('diagnosticMode');
  const explicit = inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? inspected?.globalValue;
  if (explicit === 'openFiles' || explicit === 'workspace') return { mode: explicit, reason: `loopwise.diagnosticMode is ${explicit}` };
  if (!vscode.workspace.workspaceFolders?.length) return { mode: 'openFiles', reason: 'no folder is open' };
  const files = await vscode.workspace.findFiles(SOURCE_GLOB, EXCLUDE_GLOB, LARGE_WORKSPACE_FILES + 1);
  if (files.length > LARGE_WORKSPACE_FILES) {
    return { mode: 'openFiles', reason: `the workspace has more than ${LARGE_WORKSPACE_FILES.toLocaleString('en')} source files; set loopwise.diagnosticMode to workspace to analyse them all` };
  }
  return { mode: 'workspace', reason: `default for a workspace of ${files.length} source files` };
}

export class WorkspaceDiagnosticsControl implements vscode.Disposable {
  private mode: EffectiveMode = { mode: 'openFiles', reason: 'starting' };
  private suspended = false;
  private current: vscode.CancellationTokenSource | undefined;
  private passCount = 0;
  private readonly disposables: vscode.Disposable[] = [];
  private resumeListeners: vscode.Disposable[] = [];

  constructor(private readonly status: AnalysisStatus, private readonly log: vscode.LogOutputChannel) {}

  get effective(): EffectiveMode {
    return this.mode;
  }

  get isSuspended(): boolean {
    return this.suspended;
  }

  async refreshMode(): Promise<EffectiveMode> {
    this.mode = await effectiveDiagnosticMode();
    this.status.setMode(this.mode.mode === 'workspace' ? (this.suspended ? 'workspace mode (stopped)' : 'workspace mode') : 'open files mode');
    this.log.info(`Diagnostic mode: ${this.mode.mode} (${this.mode.reason}).`);
    return this.mode;
  }

  /** Stops the running pass and asks for no more until a file changes. */
  cancel(): void {
    if (this.mode.mode !== 'workspace') return;
    this.suspended = true;
    this.current?.cancel();
    this.status.setMode('workspace mode (stopped)');
    this.log.info('Workspace analysis stopped; it starts again when a file changes, or with "Loopwise: Analyse Workspace".');
    const resume = () => this.resume('a file changed');
    this.resumeListeners.push(
      vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length > 0 && resume()),
      vscode.workspace.onDidCreateFiles(resume),
      vscode.workspace.onDidDeleteFiles(resume),
    );
  }

  resume(why: string): void {
    if (!this.suspended) return;
    this.suspended = false;
    for (const d of this.resumeListeners.splice(0)) d.dispose();
    this.status.setMode('workspace mode');
    this.log.info(`Workspace analysis resumed: ${why}.`);
  }

  middleware(): Pick<Middleware, 'provideWorkspaceDiagnostics'> {
    return {
      provideWorkspaceDiagnostics: async (resultIds, token, reporter, next) => {
        // The client asks again two seconds after each answer; these cost nothing.
        if (this.mode.mode !== 'workspace' || this.suspended) return { items: [] };
        const source = new vscode.CancellationTokenSource();
        const forward = token.onCancellationRequested(() => source.cancel());
        this.current = source;
        // The server answers at once only when something changed; a pass begins with its first report.
        let finish: (() => void) | undefined;
        const begin = (total: number | undefined) => {
          if (finish) return;
          this.passCount++;
          this.status.workspacePassStarted(total);
          const first = this.passCount === 1;
          finish = this.showProgress(first, source);
        };
        try {
          return await next(resultIds, source.token, (chunk) => {
            if (chunk && chunk.items.length > 0) {
              begin(undefined);
              this.status.workspaceReported(chunk.items.map((i) => i.uri));
            }
            reporter(chunk);
          });
        } finally {
          forward.dispose();
          if (this.current === source) this.current = undefined;
          source.dispose();
          if (finish) {
            finish();
            this.status.workspacePassEnded();
          }
        }
      },
    };
  }

  /**
   * A cancellable notification for the first pass of a session, which a person waits
   * for; later passes (after edits) show in the status bar only.
   */
  private showProgress(first: boolean, source: vscode.CancellationTokenSource): () => void {
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    void vscode.window.withProgress(
      { location: first ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window, title: 'Loopwise: analysing the workspace', cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => this.cancel());
        let shown = 0;
        const timer = setInterval(() => {
          const p = this.status.workspaceProgress;
          if (!p || p.reported === shown) return;
          shown = p.reported;
          progress.report({ message: `${p.reported} files` });
        }, 250);
        try {
          await finished;
        } finally {
          clearInterval(timer);
        }
      },
    );
    void source;
    return done;
  }

  dispose(): void {
    this.current?.cancel();
    for (const d of [...this.disposables, ...this.resumeListeners]) d.dispose();
  }
}
