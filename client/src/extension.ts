/**
 * The extension's client: starts the Loopwise language server and registers the
 * commands. This folder is the only place that imports `vscode`.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { registerProfiler } from './profile/register';
import { SERVER_EXEC_ARGV } from '../../server/src/protocol';

let client: LanguageClient | undefined;

const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'typescript' },
  { scheme: 'file', language: 'typescriptreact' },
  { scheme: 'file', language: 'javascript' },
  { scheme: 'file', language: 'javascriptreact' },
  { scheme: 'file', language: 'python' },
];

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  // The server's compile cache lives in this extension's own storage, unless the user set
  // LOOPWISE_COMPILE_CACHE (the server refuses a folder that is not this user's alone).
  const env = context.globalStorageUri.scheme === 'file' && !process.env.LOOPWISE_COMPILE_CACHE
    ? { ...process.env, LOOPWISE_COMPILE_CACHE: path.join(context.globalStorageUri.fsPath, 'compile-cache') }
    : process.env;
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV], env } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6019'], env } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    synchronize: {
      configurationSection: 'loopwise',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{tsconfig*.json,package.json,*.{ts,tsx,mts,cts,js,jsx,mjs,cjs,py}}'),
    },
    diagnosticPullOptions: { onChange: true, onSave: true },
  };
  client = new LanguageClient('loopwise', 'Loopwise', serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.commands.registerCommand('loopwise.restartServer', async () => {
      await client?.restart();
    }),
    vscode.commands.registerCommand('loopwise.showOutput', () => client?.outputChannel.show()),
  );
  registerProfiler(context);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
