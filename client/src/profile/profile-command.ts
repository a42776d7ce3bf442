/**
 * `loopwise.profileSelection`: finds the target under the selection, asks for the task
 * arguments, runs the profile in a child process behind a cancellable progress
 * notification, and shows the result in the profile panel. User code never runs in the
 * extension host: the engine forks dist/profiler-host.js for that.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type * as Engine from '../../../server/src/profiler/index';
import type { ProfileFailure, ProfileRequest, ProfileResult } from '../../../server/src/profiler/types';
import { PROFILER_DEFAULTS, PROFILER_SETTINGS_SECTION, profilerEngines, type PanelState } from '../../../server/src/profiler/protocol';
import { ProfilePanel, type PanelHandler } from './profile-panel';
import { exportFileName, ProfileHistory } from '../../../server/src/profiler/panel-history';

/** Options a test (or another command) can pass to skip the input box. */
export interface ProfileCommandOptions {
  /** Task arguments as JSON, e.g. `[[30],[31]]`; for a statement selection, the repeat count. */
  args?: string;
}

const PROFILABLE = new Set(['typescript', 'typescriptreact', 'javascript', 'javascriptreact', 'python']);

/**
 * The interpreter the Python extension has selected for this file, through its API when
 * it is installed; else `loopwise.python.interpreterPath`; else python3 on PATH.
 */
async function findPythonInterpreter(resource: vscode.Uri): Promise<string | undefined> {
  const ext = vscode.extensions.getExtension<PythonExtensionApi>('ms-python.python');
  if (ext) {
    try {
      const api = ext.isActive ? ext.exports : await ext.activate();
      const active = api?.environments?.getActiveEnvironmentPath(resource);
      const env = active && (await api?.environments?.resolveEnvironment(active));
      const exe = env?.executable?.uri?.fsPath;
      if (exe) return exe;
    } catch {
      // Fall through to the setting: the Python extension's API is optional here.
    }
  }
  const configured = vscode.workspace.getConfiguration('loopwise.python', resource).get<string>('interpreterPath', '').trim();
  return configured || undefined;
}

/** The part of the Python extension's API (ms-python.python) that this uses. */
interface PythonExtensionApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { path: string } | undefined;
    resolveEnvironment(env: { path: string }): Promise<{ executable?: { uri?: vscode.Uri } } | undefined>;
  };
}

export class ProfileController implements vscode.Disposable {
  private loadedEngine: typeof Engine | undefined;
  private readonly requests = new Map<number, ProfileRequest>();
  private readonly history = new ProfileHistory();
  private running: AbortController | undefined;
  private readonly output: vscode.OutputChannel;

  constructor(private readonly context: vscode.ExtensionContext, private readonly log: vscode.LogOutputChannel) {
    this.output = vscode.window.createOutputChannel('Loopwise Profiler');
  }

  /** The engine bundle is loaded on first use, so that activation does not pay for its parser. */
  engine(): typeof Engine {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    this.loadedEngine ??= require(path.join(this.context.extensionPath, 'dist', 'profiler-engine.js')) as typeof Engine;
    return this.loadedEngine;
  }

  /** The panel's state, for the extension's tests. */
  panelState(): PanelState {
    return this.history.state();
  }

  /** Cancels the running profile, as its notification's Cancel button does. */
  cancel(): boolean {
    if (!this.running) return false;
    this.running.abort();
    return true;
  }

  async profileSelection(options: ProfileCommandOptions = {}): Promise<ProfileResult | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Loopwise: Profile Selection runs your code, so it needs a trusted workspace.');
      return undefined;
    }
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showErrorMessage('Loopwise: open a TypeScript or JavaScript file and put the cursor in a function to profile it.');
      return undefined;
    }
    const doc = editor.document;
    if (!PROFILABLE.has(doc.languageId)) {
      void vscode.window.showErrorMessage(`Loopwise: Profile Selection works on TypeScript, JavaScript and Python, not ${doc.languageId}.`);
      return undefined;
    }
    if (doc.uri.scheme !== 'file') {
      void vscode.window.showErrorMessage('Loopwise: save the file to disk first; the profiler bundles it from there.');
      return undefined;
    }
    if (doc.isDirty && !(await doc.save())) {
      void vscode.window.showErrorMessage('Loopwise: the file could not be saved, and the profiler runs the saved file.');
      return undefined;
    }
    const engine = this.engine();
    const found = engine.findProfileTarget(doc.getText(), doc.uri.fsPath, doc.offsetAt(editor.selection.start), doc.offsetAt(editor.selection.end));
    if (found.kind === 'none') {
      void vscode.window.showErrorMessage(`Loopwise: ${found.reason}`);
      return undefined;
    }
    const tasks = await this.askForTasks(engine, doc.uri.fsPath, found, options);
    if (!tasks) return undefined;
    const config = vscode.workspace.getConfiguration(PROFILER_SETTINGS_SECTION, doc.uri);
    const maxWorkers = config.get<number>('maxWorkers', PROFILER_DEFAULTS.maxWorkers);
    const request: ProfileRequest = {
      file: doc.uri.fsPath,
      target: found.kind === 'function' ? { kind: 'function', name: found.name } : { kind: 'snippet', code: found.code, startLine: found.startLine, isAsync: found.isAsync },
      tasks,
      maxWorkers: maxWorkers > 0 ? maxWorkers : undefined,
      timeoutSeconds: config.get<number>('timeoutSeconds', PROFILER_DEFAULTS.timeoutSeconds),
      memoryLimitMb: config.get<number>('memoryLimitMb', PROFILER_DEFAULTS.memoryLimitMb),
      pythonPath: doc.languageId === 'python' ? await findPythonInterpreter(doc.uri) : undefined,
      daskScheduler: doc.languageId === 'python' ? config.get<string>('daskScheduler', PROFILER_DEFAULTS.daskScheduler).trim() || undefined : undefined,
      engines: doc.languageId === 'python' ? profilerEngines(config.get<readonly string[]>('engines', PROFILER_DEFAULTS.engines)) : undefined,
    };
    return this.run(request);
  }

  private async askForTasks(engine: typeof Engine, file: string, found: Engine.FoundFunction | Engine.FoundSnippet, options: ProfileCommandOptions): Promise<unknown[][] | undefined> {
    const key = `loopwise.profile.args:${file}#${found.kind === 'function' ? found.name : `line${found.startLine}`}`;
    if (found.kind === 'snippet') {
      const last = this.context.workspaceState.get<string>(key, '20');
      const value = options.args ?? (await vscode.window.showInputBox({
        title: 'Loopwise: Profile Selection',
        prompt: 'The selected statements run as one task body. How many tasks?',
        value: last,
        validateInput: (v) => (/^\d+$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= 100_000 ? undefined : 'A whole number from 1 to 100000.'),
      }));
      if (value === undefined) return undefined;
      await this.context.workspaceState.update(key, value.trim());
      return Array.from({ length: Number(value) }, () => []);
    }
    // The comment above the function states the inputs on purpose, so it runs without asking.
    let json = options.args ?? found.argsComment;
    if (json === undefined) {
      json = await vscode.window.showInputBox({
        title: `Loopwise: Profile ${found.name}`,
        prompt: `One argument list per task, as a JSON array, e.g. [[30],[31],[32],[33]]. Tip: a '${file.endsWith('.py') ? '#' : '//'} loopwise-profile-args: …' comment above ${found.name} skips this box.`,
        value: this.context.workspaceState.get<string>(key, found.isAsync ? '[[1],[2],[3],[4]]' : '[[]]'),
        validateInput: (v) => {
          try {
            engine.parseTaskArgs(v);
            return undefined;
          } catch (e) {
            return (e as Error).message;
          }
        },
      });
      if (json === undefined) return undefined;
    }
    try {
      const tasks = engine.parseTaskArgs(json);
      await this.context.workspaceState.update(key, json);
      return tasks;
    } catch (e) {
      void vscode.window.showErrorMessage(`Loopwise: ${(e as Error).message}`);
      return undefined;
    }
  }

  private async run(request: ProfileRequest): Promise<ProfileResult | undefined> {
    const engine = this.engine();
    this.running?.abort();
    const abort = new AbortController();
    this.running = abort;
    const label = request.target.kind === 'function' ? request.target.name : `lines from ${request.target.startLine + 1}`;
    const entry = this.history.start(label);
    this.requests.set(entry.id, request);
    const panel = ProfilePanel.show(this.context, `Profile: ${label}`, (m) => this.onPanelMessage(m));
    // The panel shows the new run at once: the previous result stays in the history, not under this title.
    panel.post(this.history.state());
    if (request.pythonPath !== undefined || request.file.endsWith('.py')) this.log.info(`Profile Selection: Python interpreter ${request.pythonPath ?? 'python3 on PATH'}.`);
    this.log.info(`Profiling ${label} in ${request.file}: ${request.tasks.length} tasks.`);
    this.output.appendLine(`[${new Date().toLocaleTimeString()}] profiling ${label} in ${request.file}: ${request.tasks.length} tasks`);
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Loopwise: profiling ${label}`, cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => abort.abort());
        let reported = 0;
        const started = Date.now();
        try {
          const result = await engine.runProfile(request, {
            signal: abort.signal,
            onProgress: (p) => {
              const pct = Math.round(p.fraction * 100);
              progress.report({ message: p.message, increment: Math.max(0, pct - reported) });
              reported = Math.max(reported, pct);
            },
            onOutput: (text) => this.output.append(text),
          });
          this.history.finish(entry.id, result);
          this.postState();
          const summary = `${result.classification}; best ${result.best.mode} ×${result.best.workers} at ${result.best.speedup.toFixed(2)}×`;
          this.output.appendLine(`  ${summary}`);
          this.log.info(`Profile of ${label} finished in ${Date.now() - started} ms: ${summary}.`);
          if (result.runs.some((r) => !r.matchesSequential)) {
            void vscode.window.showWarningMessage(`Loopwise: ${result.warnings[0]}`);
          }
          return result;
        } catch (e) {
          const failure: ProfileFailure = abort.signal.aborted && !(e as { failure?: ProfileFailure }).failure
            ? { kind: 'cancelled', message: 'The profile was cancelled.' }
            : (e as { failure?: ProfileFailure }).failure ?? { kind: 'crashed', message: (e as Error).message, stack: (e as Error).stack };
          this.history.fail(entry.id, failure);
          this.postState();
          this.output.appendLine(`  ${failure.kind}: ${failure.message}`);
          if (failure.stack) this.output.appendLine(failure.stack);
          if (failure.kind === 'cancelled') {
            this.log.info(`Profile of ${label} cancelled.`);
          } else {
            this.log.warn(`Profile of ${label} failed (${failure.kind}): ${failure.message}`);
            void vscode.window.showErrorMessage(`Loopwise: ${failure.message}`, 'Show Output').then((choice) => choice && this.output.show(true));
          }
          return undefined;
        } finally {
          if (this.running === abort) this.running = undefined;
        }
      },
    );
  }

  private postState(): void {
    ProfilePanel.open?.post(this.history.state());
  }

  private onPanelMessage(m: Parameters<PanelHandler>[0]): void {
    switch (m.type) {
      case 'exportJson':
      case 'exportTrace':
        void this.exportResult(m.id, m.type === 'exportJson' ? 'json' : 'trace');
        return;
      case 'runAgain': {
        const request = this.requests.get(m.id);
        if (request) void this.run(request);
        return;
      }
      case 'cancel':
        this.cancel();
        return;
      case 'show':
        if (this.history.show(m.id)) this.postState();
        return;
      case 'compare':
        if (this.history.compare(m.left, m.right)) this.postState();
        return;
      case 'closeCompare':
        this.history.closeCompare();
        this.postState();
        return;
    }
  }

  /**
   * The folder an export proposes: the last one the user saved to, else the
   * extension's own storage, never the workspace's sources (where an export would
   * show up as an untracked file beside the code).
   */
  async exportFolder(): Promise<vscode.Uri> {
    const last = this.context.globalState.get<string>('loopwise.profile.exportFolder');
    if (last) return vscode.Uri.parse(last);
    const folder = vscode.Uri.joinPath(this.context.globalStorageUri, 'profiles');
    await vscode.workspace.fs.createDirectory(folder);
    return folder;
  }

  /** Saves a profile; returns where, or undefined if the user cancelled. `target` skips the dialog (tests). */
  async exportResult(id: number, kind: 'json' | 'trace', target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const result = this.history.result(id);
    if (!result) {
      void vscode.window.showInformationMessage('Loopwise: that profile has no result to export.');
      return undefined;
    }
    const engine = this.engine();
    target ??= await vscode.window.showSaveDialog({
      title: kind === 'json' ? `Export the profile of ${result.function} as JSON` : `Export the profile of ${result.function} as a Chrome trace`,
      defaultUri: vscode.Uri.joinPath(await this.exportFolder(), exportFileName(result, kind)),
      filters: { JSON: ['json'] },
    });
    if (!target) return undefined;
    const data = kind === 'json' ? result : engine.toChromeTrace(result);
    await vscode.workspace.fs.writeFile(target, Buffer.from(JSON.stringify(data, null, kind === 'json' ? 2 : 0)));
    await this.context.globalState.update('loopwise.profile.exportFolder', vscode.Uri.joinPath(target, '..').toString());
    this.log.info(`Exported the profile of ${result.function} (${kind}) to ${target.fsPath}.`);
    const saved = kind === 'json' ? `Loopwise: saved the profile of ${result.function} to ${target.fsPath}.` : `Loopwise: saved a Chrome trace of ${result.function} to ${target.fsPath}. Open it in Perfetto or chrome://tracing.`;
    void vscode.window.showInformationMessage(saved, 'Open', 'Reveal').then((choice) => {
      if (choice === 'Open') void vscode.window.showTextDocument(target!);
      else if (choice === 'Reveal') void revealFile(target!);
    });
    return target;
  }

  dispose(): void {
    this.running?.abort();
    this.output.dispose();
  }
}

/** In the Explorer when the file is in the workspace; else in the OS's file manager, where there is one. */
async function revealFile(uri: vscode.Uri): Promise<void> {
  if (vscode.workspace.getWorkspaceFolder(uri)) {
    await vscode.commands.executeCommand('revealInExplorer', uri);
    return;
  }
  try {
    await vscode.commands.executeCommand('revealFileInOS', uri);
  } catch {
    void vscode.window.showInformationMessage(`Loopwise: the file is at ${uri.fsPath}.`);
  }
}
