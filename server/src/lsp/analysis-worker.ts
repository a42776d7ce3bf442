/**
 * The analysis worker thread: owns the analysis workspace (the TypeScript
 * programs, the Python models) and runs every analysis, so that the thread
 * answering LSP requests is never blocked by one. Messages are handled one
 * after another; a text update that arrives during an analysis waits for it.
 * The workspace comes from the worker's composition root (`analysis-worker.ts`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { AnalysisWorkspace } from '../engine/workspace';
import type { Cancellation } from '../core/cancellation';
import type { FromWorker, ToWorker, WorkerOptions } from './analysis-protocol';
import { toDiagnostics } from './diagnostics';
import { listWorkspaceFiles } from './workspace-files';

const CONFIG_FILE = /(?:^|[\\/])(?:tsconfig[^\\/]*|package)\.json$/;

export function runAnalysisWorker(createWorkspace: (roots: string[], log: (message: string) => void) => AnalysisWorkspace): void {
  const port = parentPort!;
  const post = (message: FromWorker) => port.postMessage(message);
  // A rule's failure (file, rule, stack) goes to the server's log, and from there to the output channel.
  const workspace = createWorkspace((workerData as WorkerOptions).roots, (message) => post({ kind: 'log', message }));
  let queue = Promise.resolve();
  port.on('message', (message: ToWorker) => {
    queue = queue.then(() => handle(workspace, message, post)).catch((error) => post({ kind: 'log', message: `analysis worker: ${(error as Error).stack ?? error}` }));
  });
}

function sharedCancellation(buffer: SharedArrayBuffer): Cancellation {
  const flag = new Int32Array(buffer);
  return {
    get isCancellationRequested() {
      return Atomics.load(flag, 0) !== 0;
    },
  };
}

async function handle(workspace: AnalysisWorkspace, message: ToWorker, post: (message: FromWorker) => void): Promise<void> {
  switch (message.kind) {
    case 'texts':
      for (const { path, text } of message.texts) workspace.setDocumentText(path, text ?? undefined);
      return;
    case 'disk':
      for (const { path, open } of message.changes) {
        // A package.json's "type" decides whether its files are ES modules; programs keep
        // package.json lookups from one edit to the next, so start over.
        if (CONFIG_FILE.test(path)) workspace.typescript.reset();
        else if (!open) workspace.setDocumentText(path, undefined);
        workspace.forgetDiskText(path);
      }
      return;
    case 'analyze': {
      const token = sharedCancellation(message.cancel);
      if (token.isCancellationRequested) return post({ kind: 'result', id: message.id, result: null });
      try {
        const analysis = await workspace.analyzeFile(message.path, message.settings, token);
        if (token.isCancellationRequested) return post({ kind: 'result', id: message.id, result: null });
        const diagnostics = toDiagnostics(workspace, workspace.lineMapOf(message.path), analysis);
        post({ kind: 'result', id: message.id, result: { analysis, diagnostics } });
      } catch (error) {
        post({ kind: 'failed', id: message.id, message: error instanceof Error ? error.stack ?? error.message : String(error) });
      }
      return;
    }
    case 'listFiles':
      try {
        const files = listWorkspaceFiles(workspace.roots, (f) => workspace.backendFor(f) !== undefined, message.limit ?? Number.POSITIVE_INFINITY);
        post({ kind: 'files', id: message.id, files });
      } catch (error) {
        post({ kind: 'failed', id: message.id, message: error instanceof Error ? error.stack ?? error.message : String(error) });
      }
      return;
  }
}
