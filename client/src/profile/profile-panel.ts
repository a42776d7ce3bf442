/**
 * The webview panel that shows a profile. One panel is reused across profiles. It does
 * not keep its context while hidden (that costs memory); the webview saves its last
 * result with `setState`, and on every load it says `ready` and gets the latest
 * message again, so nothing is lost when the panel is hidden and shown.
 */
import * as vscode from 'vscode';
import type { FromWebview, ToWebview } from '../../../server/src/profiler/protocol';
import { renderPanelHtml } from './panel-html';

export interface PanelHandlers {
  exportJson(): void;
  exportTrace(): void;
  runAgain(): void;
}

export class ProfilePanel implements vscode.Disposable {
  private static current: ProfilePanel | undefined;
  private latest: ToWebview | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  static show(context: vscode.ExtensionContext, title: string, handlers: PanelHandlers): ProfilePanel {
    const existing = ProfilePanel.current;
    if (existing) {
      existing.handlers = handlers;
      existing.panel.title = title;
      existing.panel.reveal(undefined, true);
      return existing;
    }
    const dist = vscode.Uri.joinPath(context.extensionUri, 'dist');
    const panel = vscode.window.createWebviewPanel('loopwise.profile', title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [dist],
    });
    ProfilePanel.current = new ProfilePanel(panel, dist, handlers);
    return ProfilePanel.current;
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    dist: vscode.Uri,
    private handlers: PanelHandlers,
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

  post(message: ToWebview): void {
    this.latest = message.type === 'running' && this.latest?.type === 'result' ? this.latest : message;
    void this.panel.webview.postMessage(message);
  }

  private onMessage(m: FromWebview): void {
    switch (m.type) {
      case 'ready':
        if (this.latest) void this.panel.webview.postMessage(this.latest);
        break;
      case 'exportJson':
        this.handlers.exportJson();
        break;
      case 'exportTrace':
        this.handlers.exportTrace();
        break;
      case 'runAgain':
        this.handlers.runAgain();
        break;
    }
  }

  dispose(): void {
    if (ProfilePanel.current === this) ProfilePanel.current = undefined;
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
