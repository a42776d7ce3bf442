/**
 * Helpers for the extension suites. They wait on VS Code's events (diagnostics
 * changed, a command's promise) with an overall timeout, never on fixed sleeps, and find
 * positions by searching the document's text rather than hard-coding lines.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'loopwise.loopwise';
/** The `source` the Loopwise server puts on its diagnostics. */
export const DIAGNOSTIC_SOURCE = 'loopwise';
const DEFAULT_TIMEOUT_MS = 30_000;

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('No workspace folder is open.');
  return folder.uri.fsPath;
}

export function workspaceUri(relativePath: string): vscode.Uri {
  return vscode.Uri.file(path.join(workspaceRoot(), relativePath));
}

/** Opens a workspace file in an editor, as a person would, so the language server sees it. */
export async function openFile(relativePath: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(relativePath));
  return vscode.window.showTextDocument(document);
}

/** Activates Loopwise and fails clearly if it cannot. */
export async function activateLoopwise(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`Extension ${EXTENSION_ID} is not loaded in this host.`);
  await extension.activate();
  return extension;
}

export function loopwiseDiagnostics(uri: vscode.Uri, rule?: string): vscode.Diagnostic[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source?.toLowerCase() === DIAGNOSTIC_SOURCE && (rule === undefined || codeOf(d) === rule));
}

export function codeOf(diagnostic: vscode.Diagnostic): string | number | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? code.value : code;
}

function describe(diagnostics: readonly vscode.Diagnostic[]): string {
  if (diagnostics.length === 0) return '(none)';
  return diagnostics
    .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} [${d.source}/${codeOf(d)}] ${d.message}`)
    .join('\n  ');
}

/**
 * Resolves with the Loopwise diagnostics of `uri` as soon as `accept` holds for them,
 * checking now and on every `onDidChangeDiagnostics` for that uri.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
  description: string,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const current = loopwiseDiagnostics(uri);
      if (!accept(current)) return false;
      cleanup();
      resolve(current);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      cleanup();
      const all = vscode.languages.getDiagnostics(uri);
      reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${description} in ${path.basename(uri.fsPath)}. Diagnostics now:\n  ${describe(all)}`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      subscription.dispose();
    };
    check();
  });
}

/** Polls `probe` until it returns a value other than undefined, with an overall timeout. */
export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, description: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}.`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The range of the `occurrence`-th (0-based) match of `text` in the document. */
export function rangeOf(document: vscode.TextDocument, text: string, occurrence = 0): vscode.Range {
  let offset = -1;
  for (let i = 0; i <= occurrence; i++) {
    offset = document.getText().indexOf(text, offset + 1);
    if (offset < 0) throw new Error(`"${text}" occurs fewer than ${occurrence + 1} times in ${path.basename(document.uri.fsPath)}.`);
  }
  return new vscode.Range(document.positionAt(offset), document.positionAt(offset + text.length));
}

/** Flattens a hover's contents to plain text. */
export function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

/** Sets a `loopwise.*` setting for the workspace and returns a function that restores it. */
export async function setWorkspaceSetting(section: string, value: unknown): Promise<() => Promise<void>> {
  const config = vscode.workspace.getConfiguration('loopwise');
  const before = config.inspect(section)?.workspaceValue;
  await config.update(section, value, vscode.ConfigurationTarget.Workspace);
  return async () => {
    await vscode.workspace.getConfiguration('loopwise').update(section, before, vscode.ConfigurationTarget.Workspace);
  };
}

/**
 * The quick fixes VS Code offers for `range`, through `vscode.executeCodeActionProvider`.
 * The workbench cancels a code-action request when it starts a newer one for the same
 * document (the lightbulb asks again whenever the diagnostics change), and the command then
 * rejects with "Canceled". A person would press Ctrl+. again, so this asks again, a few
 * times; any other error, or a fourth cancellation, fails the test.
 */
export async function quickFixesAt(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value, 10);
    } catch (error) {
      const cancelled = error instanceof Error && (error.name === 'Canceled' || error.message === 'Canceled');
      if (!cancelled || attempt >= 4) throw error;
    }
  }
}

/** The line the e2e driver (test/e2e/run.mjs) reads to act on the screen; keep in step with it. */
const SCREEN_STEP_PREFIX = 'LOOPWISE_SCREEN_STEP ';
let screenSteps = 0;

/**
 * Whether a driver that sees the page is there to act on the screen: the e2e run in
 * code-server is; `@vscode/test-electron` is not, and the tests that need it skip there.
 */
export function screenDriverAvailable(): boolean {
  return Boolean(process.env.LOOPWISE_SCREEN_DIR);
}

/**
 * Asks the e2e driver to do a step a person does on the screen (click in a webview, accept a
 * dialog, press a notification's button; see test/e2e/screen-steps.mjs), and resolves with
 * what it saw there. The request is one log line; the answer is a file the driver writes
 * into LOOPWISE_SCREEN_DIR, which both sides share because they run on one machine.
 */
export async function onScreen<T = Record<string, unknown>>(step: string, args: Record<string, unknown> = {}, timeoutMs = 60_000): Promise<T> {
  const dir = process.env.LOOPWISE_SCREEN_DIR;
  if (!dir) throw new Error('no screen driver: LOOPWISE_SCREEN_DIR is not set (run through test/e2e/run.mjs)');
  const id = `${process.pid}-${++screenSteps}`;
  console.log(`${SCREEN_STEP_PREFIX}${JSON.stringify({ id, step, args })}`);
  const answer = path.join(dir, `${id}.json`);
  const reply = await waitFor(() => (fs.existsSync(answer) ? (JSON.parse(fs.readFileSync(answer, 'utf8')) as { ok: boolean; error?: string; seen?: T }) : undefined), `the screen step "${step}"`, timeoutMs);
  if (!reply.ok) throw new Error(`on screen, ${step} failed: ${reply.error}`);
  return reply.seen as T;
}
