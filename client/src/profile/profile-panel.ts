/**
 * The webview panel that shows a profile. One panel is reused across profiles. It does
 * not keep its context while hidden (that costs memory); the extension keeps the view
 * state, and on every load the webview says `ready` and gets it again, so nothing is
 * lost when the panel is hidden and shown.
 */
import * as vscode from 'vscode';
import type { FromWebview, PanelState, ToWebview } from '../../../server/src/profiler/protocol';
import { renderPanelHtml } from './panel-html';

export type PanelHandler = (message: Exclude<FromWebview, { type: 'ready' }>) => void;

export class ProfilePanel implements vscode.Disposable {
  private static current: ProfilePanel | undefined;
  private latest: ToWebview | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  static show(context: vscode.ExtensionContext, title: string, handler: PanelHandler): ProfilePanel {
    const existing = ProfilePanel.current;
    if (existing) {
      existing.handler = handler;
      existing.panel.title = title;
      existing.panel.reveal(undefined, true);
      return existing;
    }
    const dist = vscode.Uri.joinPath(context.extensionUri, 'dist');
    const panel = vscode.window.createWebviewPanel('loopwise.profile', title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [dist],
    });
    ProfilePanel.current = new ProfilePanel(panel, dist, handler);
    return ProfilePanel.current;
  }

  /** The open panel, if any (to update it without revealing it). */
  static get open(): ProfilePanel | undefined {
    return ProfilePanel.current;
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    dist: vscode.Uri,
    private handler: PanelHandler,
  ) {
    const webview = panel.webview;
    webview.html = renderPanelHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'profile-webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'profile-webview.css')).toString(),
    });
    this.disposables.push(
      webview.onDidReceiveMessage((m: FromWebview) => this.onMessage(m)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  set title(title: string) {
    this.panel.title = title;
  }

  post(state: PanelState): void {
    this.latest = { type: 'state', state };
    void this.panel.webview.postMessage(this.latest);
  }

  private onMessage(m: FromWebview): void {
    if (m.type === 'ready') {
      if (this.latest) void this.panel.webview.postMessage(this.latest);
      return;
    }
    this.handler(m);
  }

  dispose(): void {
    if (ProfilePanel.current === this) ProfilePanel.current = undefined;
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
