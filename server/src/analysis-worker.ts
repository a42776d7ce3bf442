/** The language server's analysis worker thread (lsp/analysis-worker.ts), with the composed workspace. */
import { createAnalysisWorkspace } from './analysis';
import { runAnalysisWorker } from './lsp/analysis-worker';

runAnalysisWorker(createAnalysisWorkspace);
