/** The Loopwise language server's entry point: it only wires handlers to the connection. */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createAnalysisWorkspace } from './analysis';
import { LoopwiseServer } from './lsp/loopwise-server';

const connection = createConnection(ProposedFeatures.all);
// Failures go to the Loopwise output channel, with the file and the rule.
const server = new LoopwiseServer(connection, (roots) => createAnalysisWorkspace(roots, (message) => connection.console.error(message)));

connection.onInitialize((params) => server.initialize(params));
connection.onDidChangeConfiguration((params) => server.onConfigurationChanged(params));
connection.onDidChangeWatchedFiles((params) => server.onWatchedFilesChanged(params));
connection.languages.diagnostics.on((params, token) => server.diagnostics(params, token));
connection.onCodeAction((params, token) => server.codeActions(params, token));

// onDidChangeContent also fires when a document opens.
server.documents.onDidChangeContent((event) => server.onDocumentChanged(event.document));
server.documents.onDidClose((event) => server.onDocumentClosed(event.document));
server.documents.listen(connection);

connection.listen();
