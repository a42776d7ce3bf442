/**
 * The extension's client: starts the Loopwise language server and registers the
 * commands. This folder is the only place that imports `vscode`.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { registerProfiler } from './profile/register';
import type { ProfileController } from './profile/profile-command';
import { AnalysisStatus, type StatusSnapshot } from './analysis-status';
import { WorkspaceDiagnosticsControl, type EffectiveMode } from './diagnostic-mode';
import { fixAllInFile, linkRuleDocs, RuleActionsProvider, showRuleDocs } from './rule-docs';
import { SERVER_EXEC_ARGV } from '../../server/src/protocol';

let client: LanguageClient | undefined;

const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'typescript' },
  { scheme: 'file', language: 'typescriptreact' },
  { scheme: 'file', language: 'javascript' },
  { scheme: 'file', language: 'javascriptreact' },
  { scheme: 'file', language: 'python' },
];

/** What the extension returns from `activate`, for its own tests. */
export interface LoopwiseApi {
  status(): StatusSnapshot;
  diagnosticMode(): EffectiveMode;
  /** Resolves once the client is running again (after a restart). */
  whenRunning(): Promise<void>;
  profiler: ProfileController;
  /** Where VS Code writes this extension's log channels, "Loopwise" among them. */
  logFolder: vscode.Uri;
}

export async function activate(context: vscode.ExtensionContext): Promise<LoopwiseApi> {
  const log = vscode.window.createOutputChannel('Loopwise', { log: true });
  const status = new AnalysisStatus(DOCUMENT_SELECTOR);
  const workspaceMode = new WorkspaceDiagnosticsControl(status, log);
  context.subscriptions.push(log, status, workspaceMode);
  log.info(`Loopwise ${context.extension.packageJSON.version} in ${vscode.env.appName} ${vscode.version} (${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'}), extension host on Node ${process.version}.`);
  await workspaceMode.refreshMode();

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
    outputChannel: log,
    synchronize: {
      configurationSection: 'loopwise',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{tsconfig*.json,package.json,*.{ts,tsx,mts,cts,js,jsx,mjs,cjs,py}}'),
    },
    diagnosticPullOptions: { onChange: true, onSave: true },
    middleware: {
      provideDiagnostics: (document, previousResultId, token, next) => {
        const uri = document instanceof vscode.Uri ? document : document.uri;
        return status.track(uri, async () => {
          const report = await next(document, previousResultId, token);
          if (report && report.kind === 'full') linkRuleDocs(report.items);
          return report;
        });
      },
      provideWorkspaceDiagnostics: (resultIds, token, reporter, next) =>
        workspaceMode.middleware().provideWorkspaceDiagnostics!(resultIds, token, (chunk) => {
          for (const item of chunk?.items ?? []) if (item.kind === 'full') linkRuleDocs(item.items);
          reporter(chunk);
        }, next),
    },
  };
  const languageClient = new LanguageClient('loopwise', 'Loopwise', serverOptions, clientOptions);
  client = languageClient;
  let running: Promise<void> = Promise.resolve();
  let markRunning: (() => void) | undefined;
  let restarting = false;
  languageClient.onDidChangeState((e) => {
    if (e.newState === State.Running) {
      status.setState('running');
      markRunning?.();
    } else if (e.newState === State.Stopped) {
      status.setState(restarting ? 'restarting' : 'stopped');
    } else {
      status.setState(restarting ? 'restarting' : 'starting');
    }
  });

  const restart = async (why: string) => {
    if (restarting) return;
    restarting = true;
    running = new Promise<void>((resolve) => (markRunning = resolve));
    status.setState('restarting');
    log.info(`Restarting the language server (${why}).`);
    try {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Loopwise: restarting the language server' }, async () => {
        status.forgetAnalysed();
        await workspaceMode.refreshMode();
        await languageClient.restart();
      });
      restarting = false;
      status.setState('running');
      vscode.window.setStatusBarMessage('$(check) Loopwise: language server restarted', 5000);
      log.info('The language server restarted.');
    } catch (error) {
      restarting = false;
      status.setState('stopped');
      log.error(`The language server did not restart: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      void vscode.window.showErrorMessage('Loopwise: the language server did not restart.', 'Show Output').then((c) => c && log.show(true));
    }
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('loopwise.restartServer', () => restart('on request')),
    vscode.commands.registerCommand('loopwise.showOutput', () => log.show(true)),
    vscode.commands.registerCommand('loopwise.openSettings', () => vscode.commands.executeCommand('workbench.action.openSettings', '@ext:loopwise.loopwise')),
    vscode.commands.registerCommand('loopwise.showRuleDocs', (rule: unknown) => showRuleDocs(context, rule)),
    vscode.commands.registerCommand('loopwise.fixAllInFile', (uri: unknown) => fixAllInFile(uri)),
    vscode.commands.registerCommand('loopwise.analyseWorkspace', async () => {
      if ((await workspaceMode.refreshMode()).mode !== 'workspace') {
        void vscode.window.showInformationMessage(`Loopwise analyses open files only: ${workspaceMode.effective.reason}.`);
        return;
      }
      workspaceMode.resume('on request');
    }),
    vscode.commands.registerCommand('loopwise.cancelWorkspaceAnalysis', () => workspaceMode.cancel()),
    vscode.commands.registerCommand('loopwise.statusActions', () => showStatusActions(workspaceMode)),
    vscode.languages.registerCodeActionsProvider(DOCUMENT_SELECTOR, new RuleActionsProvider(), { providedCodeActionKinds: RuleActionsProvider.kinds }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      // Switching modes clears what the other mode reported: start over.
      if (e.affectsConfiguration('loopwise.diagnosticMode')) void restart('loopwise.diagnosticMode changed');
    }),
  );
  const profiler = registerProfiler(context, log);
  try {
    await languageClient.start();
  } catch (error) {
    status.setState('stopped');
    log.error(`The language server did not start: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  }
  return {
    status: () => status.snapshot(),
    diagnosticMode: () => workspaceMode.effective,
    whenRunning: () => running,
    profiler,
    logFolder: context.logUri,
  };
}

async function showStatusActions(workspaceMode: WorkspaceDiagnosticsControl): Promise<void> {
  type Item = vscode.QuickPickItem & { command: string };
  const items: Item[] = [
    { label: '$(output) Show Output', command: 'loopwise.showOutput' },
    { label: '$(settings-gear) Open Settings', command: 'loopwise.openSettings' },
    { label: '$(debug-restart) Restart Language Server', command: 'loopwise.restartServer' },
  ];
  if (workspaceMode.effective.mode === 'workspace') {
    items.push(workspaceMode.isSuspended
      ? { label: '$(play) Analyse Workspace', command: 'loopwise.analyseWorkspace' }
      : { label: '$(stop) Stop Workspace Analysis', command: 'loopwise.cancelWorkspaceAnalysis' });
  }
  const picked = await vscode.window.showQuickPick(items, { title: 'Loopwise', placeHolder: workspaceMode.effective.reason });
  if (picked) await vscode.commands.executeCommand(picked.command);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
