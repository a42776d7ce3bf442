/**
 * The LSP thread's handle on the analysis worker. An edit only records the
 * document's latest text, and cancels the analyses it makes stale; the texts go
 * to the worker when an analysis is asked for, so a burst of keystrokes costs
 * one re-parse, at the next pull. If the worker dies it is started again with
 * the open documents' texts.
 */
import { Worker } from 'node:worker_threads';
import type { CancellationToken } from 'vscode-languageserver';
import type { LoopwiseSettings } from '../protocol';
import type { AnalysisResult, DiskChange, FromWorker, ToWorker, WorkerOptions } from './analysis-protocol';
import type { WorkspaceFiles } from './workspace-files';

interface Pending {
  resolve(result: AnalysisResult | undefined): void;
  reject(error: Error): void;
  cancel: Int32Array;
}

export class AnalysisThread {
  private worker: Worker | undefined;
  /** The editor's latest text per open file, and the files whose text the worker has not seen. */
  private readonly texts = new Map<string, string>();
  private readonly unsent = new Set<string>();
  private readonly pending = new Map<number, Pending>();
  /** File listings asked of the worker; not cancelled by edits (a listing does not go stale). */
  private readonly listings = new Map<number, { resolve(files: WorkspaceFiles): void; reject(error: Error): void }>();
  private nextId = 1;
  private disposed = false;

  constructor(
    private readonly options: WorkerOptions,
    private readonly log: (message: string) => void,
    private readonly workerPath: string,
  ) {}

  /** Records the text (`undefined`: closed); nothing is parsed until the next analysis. */
  setDocumentText(path: string, text: string | undefined): void {
    if (text === undefined) this.texts.delete(path);
    else this.texts.set(path, text);
    this.unsent.add(path);
    this.cancelAll();
  }

  diskChanged(changes: DiskChange[]): void {
    this.cancelAll();
    this.send({ kind: 'disk', changes });
  }

  /** The file's analysis, or `undefined` if it was cancelled (by `token` or a newer edit). */
  analyzeFile(path: string, settings: LoopwiseSettings, token: CancellationToken): Promise<AnalysisResult | undefined> {
    if (token.isCancellationRequested) return Promise.resolve(undefined);
    const id = this.nextId++;
    const buffer = new SharedArrayBuffer(4);
    const cancel = new Int32Array(buffer);
    const subscription = token.onCancellationRequested(() => Atomics.store(cancel, 0, 1));
    return new Promise<AnalysisResult | undefined>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, cancel });
      this.send({ kind: 'analyze', id, path, settings, cancel: buffer });
    }).finally(() => subscription.dispose());
  }

  /** The workspace folders the worker analyses. */
  get roots(): readonly string[] {
    return this.options.roots;
  }

  /** The analysable files under the roots, as the worker's backends decide; at most `limit`. */
  listFiles(limit?: number): Promise<WorkspaceFiles> {
    const id = this.nextId++;
    return new Promise<WorkspaceFiles>((resolve, reject) => {
      this.listings.set(id, { resolve, reject });
      this.send({ kind: 'listFiles', id, limit: limit ?? null });
    });
  }

  dispose(): void {
    this.disposed = true;
    this.cancelAll();
    void this.worker?.terminate();
  }

  private cancelAll(): void {
    for (const pending of this.pending.values()) Atomics.store(pending.cancel, 0, 1);
  }

  private send(message: ToWorker): void {
    const worker = this.ensureWorker();
    if (this.unsent.size > 0) {
      const texts = [...this.unsent].map((path) => ({ path, text: this.texts.get(path) ?? null }));
      this.unsent.clear();
      worker.postMessage({ kind: 'texts', texts } satisfies ToWorker);
    }
    worker.postMessage(message);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerPath, { workerData: this.options });
    worker.on('message', (message: FromWorker) => this.receive(message));
    worker.on('error', (error) => this.log(`analysis worker failed: ${error.stack ?? error.message}`));
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      for (const pending of this.pending.values()) pending.reject(new Error(`the analysis worker exited (code ${code})`));
      this.pending.clear();
      for (const listing of this.listings.values()) listing.reject(new Error(`the analysis worker exited (code ${code})`));
      this.listings.clear();
      if (this.disposed) return;
      this.log(`analysis worker exited with code ${code}; it starts again on the next analysis`);
      // A new worker knows nothing: it gets every open document's text.
      for (const path of this.texts.keys()) this.unsent.add(path);
    });
    this.worker = worker;
    return worker;
  }

  private receive(message: FromWorker): void {
    if (message.kind === 'log') {
      this.log(message.message);
      return;
    }
    const listing = this.listings.get(message.id);
    if (listing) {
      this.listings.delete(message.id);
      if (message.kind === 'files') listing.resolve(message.files);
      else if (message.kind === 'failed') listing.reject(new Error(message.message));
      return;
    }
    if (message.kind === 'files') return;
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    if (message.kind === 'failed') pending.reject(new Error(message.message));
    else pending.resolve(message.result ?? undefined);
  }
}
