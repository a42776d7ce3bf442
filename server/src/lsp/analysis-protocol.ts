/**
 * Messages between the thread that answers LSP requests and the analysis worker
 * (analysis-worker.ts). Texts travel only when an analysis is about to need them;
 * cancellation travels through shared memory, so that it reaches the worker while
 * it is busy in a rule, without waiting for its message queue.
 */
import type { Diagnostic } from 'vscode-languageserver';
import type { LoopwiseSettings } from '../protocol';
import type { FileAnalysis } from '../engine/workspace';
import type { WorkspaceFiles } from './workspace-files';

export interface WorkerOptions {
  roots: string[];
}

/** A file changed on disk; `open` if the editor owns its text. */
export interface DiskChange {
  path: string;
  open: boolean;
}

export type ToWorker =
  /** The editor's latest text per file (`null`: closed, the disk is the truth again). */
  | { kind: 'texts'; texts: Array<{ path: string; text: string | null }> }
  | { kind: 'disk'; changes: DiskChange[] }
  /** `cancel` holds one Int32: non-zero once the result is no longer wanted. */
  | { kind: 'analyze'; id: number; path: string; settings: LoopwiseSettings; cancel: SharedArrayBuffer }
  /** The analysable files under the roots (the worker's backends decide which), for workspace diagnostics and the start-up log. */
  | { kind: 'listFiles'; id: number; limit: number | null };

export interface AnalysisResult {
  analysis: FileAnalysis;
  /** Positions as of the text the worker analysed, which is the document version it was sent. */
  diagnostics: Diagnostic[];
}

export type FromWorker =
  | { kind: 'result'; id: number; result: AnalysisResult | null }
  | { kind: 'failed'; id: number; message: string }
  | { kind: 'files'; id: number; files: WorkspaceFiles }
  | { kind: 'log'; message: string };
