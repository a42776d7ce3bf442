/** The Loopwise language server's entry point: it only wires handlers to the connection. */
import { join } from 'node:path';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { AnalysisThread } from './lsp/analysis-thread';
import { LoopwiseServer } from './lsp/loopwise-server';
import { WorkspaceDiagnostics } from './lsp/workspace-diagnostics';
import { loggedDocumentDiagnostics, logStartup } from './lsp/analysis-log';

const connection = createConnection(ProposedFeatures.all);
// The analysis (backends and rules, composed in analysis-worker.ts) runs in a worker thread;
// its failures reach the Loopwise output channel, with the file and the rule.
const server = new LoopwiseServer(connection, (roots, log) => new AnalysisThread({ roots }, log, join(__dirname, 'analysis-worker.js')));
const workspaceDiagnostics = new WorkspaceDiagnostics(connection, server);

connection.onInitialize((params) => server.initialize(params));
connection.onInitialized(() => void logStartup(connection, server));
connection.onDidChangeConfiguration((params) => server.onConfigurationChanged(params));
connection.onDidChangeWatchedFiles((params) => server.onWatchedFilesChanged(params));
connection.languages.diagnostics.on(loggedDocumentDiagnostics(connection, (params, token) => server.diagnostics(params, token)));
connection.languages.diagnostics.onWorkspace((params, token, workDone, result) => workspaceDiagnostics.report(params, token, workDone, result));
connection.onCodeAction((params, token) => server.codeActions(params, token));
connection.onShutdown(() => server.shutdown());

// onDidChangeContent also fires when a document opens.
server.documents.onDidChangeContent((event) => server.onDocumentChanged(event.document));
server.documents.onDidClose((event) => server.onDocumentClosed(event.document));
server.documents.listen(connection);

connection.listen();
