/**
 * What the server writes to the client's "Loopwise" output channel (through
 * `window/logMessage`, which the client shows at its level): start-up facts, each
 * analysis with its time, each per-file note, and every internal error, caught here
 * at the boundary with its stack. Everything logged is already at hand: nothing is
 * computed for the log alone except one walk of the folders at start-up.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DiagnosticSeverity,
  type CancellationToken,
  type Connection,
  type DocumentDiagnosticParams,
  type DocumentDiagnosticReport,
} from 'vscode-languageserver';
import type { LoopwiseServer } from './loopwise-server';

/** The start-up walk stops here; the client applies the same limit to choose openFiles mode. */
const STARTUP_WALK_LIMIT = 20_000;

function packageVersion(): string {
  try {
    // dist/server-main.js sits one folder below the extension's package.json.
    return (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export async function logStartup(connection: Connection, server: LoopwiseServer): Promise<void> {
  try {
    const started = Date.now();
    const workspace = server.analysisWorkspace;
    connection.console.info(`Loopwise language server ${packageVersion()} on Node ${process.version} (pid ${process.pid}).`);
    connection.console.info(`Workspace folders: ${workspace.roots.length ? workspace.roots.join(', ') : '(none)'}`);
    const found = await workspace.listFiles(STARTUP_WALK_LIMIT);
    const python = found.files.filter((f) => f.endsWith('.py')).length;
    connection.console.info(
      `Found ${found.files.length}${found.truncated ? '+' : ''} analysable files (${found.files.length - python} TypeScript/JavaScript, ${python} Python) ` +
        `and ${found.tsconfigs.length} tsconfig file(s)${found.tsconfigs.length ? `: ${found.tsconfigs.join(', ')}` : ' (files get an inferred project per folder)'}; ` +
        `walk took ${Date.now() - started} ms.`,
    );
    connection.console.info('Python is parsed with tree-sitter, so linting needs no interpreter; Profile Selection logs the one it runs.');
  } catch (error) {
    logInternalError(connection, 'start-up', error);
  }
}

export function logInternalError(connection: Connection, where: string, error: unknown): void {
  const text = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
  connection.console.error(`Internal error in ${where}: ${text}`);
}

type DocumentHandler = (params: DocumentDiagnosticParams, token: CancellationToken) => Promise<DocumentDiagnosticReport>;

/**
 * Wraps the document-diagnostics handler: one debug line per analysis with its time,
 * a warning for a file's note (a file Loopwise could not analyse), and any internal
 * error logged before it goes back to the client as the request's error.
 */
export function loggedDocumentDiagnostics(connection: Connection, handler: DocumentHandler): DocumentHandler {
  return async (params, token) => {
    const started = Date.now();
    try {
      const report = await handler(params, token);
      if (report.kind === 'full') {
        const path = decodeURIComponent(params.textDocument.uri.replace(/^file:\/\//, ''));
        const notes = report.items.filter((d) => d.code === undefined && d.severity === DiagnosticSeverity.Information);
        for (const note of notes) connection.console.warn(`${path}: ${note.message}`);
        connection.console.debug(`Analysed ${path} in ${Date.now() - started} ms: ${report.items.length - notes.length} problem(s).`);
      }
      return report;
    } catch (error) {
      logInternalError(connection, `diagnostics for ${params.textDocument.uri}`, error);
      throw error;
    }
  };
}
