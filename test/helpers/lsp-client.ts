/** A minimal LSP client that spawns the bundled server over stdio, as VS Code does. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection } from 'vscode-languageserver-protocol/node';
import type { CodeAction, Diagnostic, DocumentDiagnosticReport } from 'vscode-languageserver-protocol';
import { repoRoot } from './workspace';
import { SERVER_EXEC_ARGV } from '../../server/src/protocol';

export class LspTestClient {
  readonly connection: ProtocolConnection;
  private readonly child: ChildProcess;
  private versions = new Map<string, number>();
  /** The `loopwise` settings section the client answers `workspace/configuration` with. */
  settings: Record<string, unknown> = {};
  refreshRequests = 0;
  stderr = '';

  /** `node` and `env` start the server under another Node or environment (the Node version matrix). */
  constructor(serverPath = join(repoRoot, 'dist', 'server.js'), options: { node?: string; env?: NodeJS.ProcessEnv } = {}) {
    // Started as the client starts it, with the same Node flags.
    this.child = spawn(options.node ?? process.execPath, [...SERVER_EXEC_ARGV, serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: options.env ?? process.env });
    this.child.stderr!.on('data', (chunk) => (this.stderr += chunk));
    this.connection = createProtocolConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => this.settings));
    this.connection.onRequest('workspace/diagnostic/refresh', () => {
      this.refreshRequests++;
      return null;
    });
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onNotification('window/logMessage', () => undefined);
    this.connection.listen();
  }

  async initialize(rootPath: string): Promise<void> {
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(rootPath).href,
      workspaceFolders: [{ uri: pathToFileURL(rootPath).href, name: 'test' }],
      capabilities: {
        textDocument: { diagnostic: { dynamicRegistration: false }, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } } },
        workspace: { configuration: true, diagnostics: { refreshSupport: true } },
      },
    });
    await this.connection.sendNotification('initialized', {});
  }

  open(path: string, text: string, languageId = path.endsWith('.py') ? 'python' : 'typescript'): string {
    const uri = pathToFileURL(path).href;
    this.versions.set(uri, 1);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  change(uri: string, text: string): void {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  async diagnostics(uri: string): Promise<Diagnostic[]> {
    const report = await this.connection.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
    return report.kind === 'full' ? report.items : [];
  }

  async codeActions(uri: string, diagnostic: Diagnostic, only?: string[]): Promise<CodeAction[]> {
    return this.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only },
    });
  }

  async changeSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  }

  async shutdown(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // The server may already be gone.
    }
    // The server's exit is its own (it saves its compile cache then); a hung one is killed.
    const exited = this.child.exitCode !== null || this.child.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    this.connection.dispose();
    this.child.kill();
  }
}
