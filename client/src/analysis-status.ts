/**
 * The Loopwise language-status item (the `{}` in the status bar, as ESLint and
 * Pylance use it): running or idle, files analysed, the last analysis and its time,
 * and one command that lists the links (output, settings, restart, workspace
 * analysis). It learns what the server does from the client's diagnostics
 * middleware, so the server needs no extra messages for it.
 */
import * as vscode from 'vscode';

export interface StatusSnapshot {
  state: 'starting' | 'running' | 'analysing' | 'restarting' | 'stopped';
  text: string;
  detail: string;
  busy: boolean;
  filesAnalysed: number;
  lastAnalysis?: { file: string; at: number; ms: number };
  mode: string;
}

const ACTIONS = { title: 'Actions…', command: 'loopwise.statusActions', tooltip: 'Show output, open settings, restart the server.' } as const;

export class AnalysisStatus implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;
  private state: StatusSnapshot['state'] = 'starting';
  private inFlight = 0;
  private workspacePass: { reported: number; total?: number } | undefined;
  private readonly analysed = new Set<string>();
  private last: StatusSnapshot['lastAnalysis'];
  private modeText = 'open files';

  constructor(selector: vscode.DocumentSelector) {
    this.item = vscode.languages.createLanguageStatusItem('loopwise.status', selector);
    this.item.name = 'Loopwise';
    this.item.command = ACTIONS;
    this.update();
  }

  setState(state: StatusSnapshot['state']): void {
    this.state = state;
    this.update();
  }

  setMode(text: string): void {
    this.modeText = text;
    this.update();
  }

  /** Wraps one analysis request, so that the item is busy while it runs. */
  async track<T>(uri: vscode.Uri, run: () => Promise<T>): Promise<T> {
    this.inFlight++;
    this.update();
    const started = Date.now();
    try {
      return await run();
    } finally {
      this.inFlight--;
      this.analysed.add(uri.toString());
      this.last = { file: vscode.workspace.asRelativePath(uri), at: Date.now(), ms: Date.now() - started };
      this.update();
    }
  }

  workspacePassStarted(total: number | undefined): void {
    this.workspacePass = { reported: 0, total };
    this.update();
  }

  workspaceReported(uris: vscode.Uri[]): void {
    if (!this.workspacePass) return;
    this.workspacePass.reported += uris.length;
    for (const uri of uris) this.analysed.add(uri.toString());
    this.last = { file: 'the workspace', at: Date.now(), ms: 0 };
    this.update();
  }

  workspacePassEnded(): void {
    this.workspacePass = undefined;
    this.update();
  }

  get workspaceProgress(): { reported: number; total?: number } | undefined {
    return this.workspacePass;
  }

  forgetAnalysed(): void {
    this.analysed.clear();
    this.last = undefined;
    this.update();
  }

  snapshot(): StatusSnapshot {
    return {
      state: this.state,
      text: this.item.text,
      detail: this.item.detail ?? '',
      busy: this.item.busy,
      filesAnalysed: this.analysed.size,
      lastAnalysis: this.last,
      mode: this.modeText,
    };
  }

  private update(): void {
    const analysing = this.inFlight > 0 || this.workspacePass !== undefined;
    if (this.state === 'running' && analysing) this.state = 'analysing';
    else if (this.state === 'analysing' && !analysing) this.state = 'running';
    const files = `${this.analysed.size} file${this.analysed.size === 1 ? '' : 's'} analysed`;
    // The status hover gives each item one line, its link at the end: a long detail pushes
    // the link out of sight. So the line holds the time; which file, and how long, go in
    // the link's tooltip.
    const lastAt = this.last ? ` at ${new Date(this.last.at).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' })}` : '';
    const lastWhat = this.last
      ? `Last analysis: ${this.last.file} at ${new Date(this.last.at).toLocaleTimeString()}${this.last.ms ? `, ${this.last.ms} ms` : ''}.`
      : 'Nothing analysed yet.';
    this.item.command = { ...ACTIONS, tooltip: `${lastWhat} ${ACTIONS.tooltip}` };
    switch (this.state) {
      case 'starting':
        this.item.text = '$(loading~spin) Loopwise: starting';
        this.item.detail = 'the language server is starting';
        break;
      case 'restarting':
        this.item.text = '$(loading~spin) Loopwise: restarting';
        this.item.detail = 'the language server is restarting';
        break;
      case 'stopped':
        this.item.text = '$(error) Loopwise: stopped';
        this.item.detail = 'the language server is not running; restart it from here';
        break;
      case 'analysing': {
        const pass = this.workspacePass;
        this.item.text = pass ? `$(sync~spin) Loopwise: workspace ${pass.reported}${pass.total ? ` of ~${pass.total}` : ''} files` : '$(sync~spin) Loopwise: analysing';
        this.item.detail = `${files} · ${this.modeText}`;
        break;
      }
      default:
        this.item.text = '$(check) Loopwise: idle';
        this.item.detail = `${files}${lastAt} · ${this.modeText}`;
    }
    this.item.busy = this.state === 'starting' || this.state === 'restarting' || this.state === 'analysing';
    this.item.severity = this.state === 'stopped' ? vscode.LanguageStatusSeverity.Error : vscode.LanguageStatusSeverity.Information;
  }

  dispose(): void {
    this.item.dispose();
  }
}
