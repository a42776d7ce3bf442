/**
 * Messages between the profile panel (extension side) and its webview; plain data, so
 * both sides share it. The extension owns the session's history and sends the whole
 * view state on every change; the webview only draws it and reports clicks.
 */
import type { ProfileFailure, ProfileResult } from './types';

/** One profile of this session, as the history dropdown lists it. */
export interface HistoryEntry {
  id: number;
  label: string;
  /** Epoch ms when the run started. */
  startedAt: number;
  outcome: 'running' | 'done' | 'cancelled' | 'failed';
  /** e.g. "CPU-bound, best 1.93×"; empty while running. */
  summary: string;
}

export interface PanelState {
  history: HistoryEntry[];
  /** The entry shown (the newest, unless the user picked another). */
  shownId?: number;
  /** What is shown: a running profile has neither result nor failure. */
  shown?: {
    entry: HistoryEntry;
    result?: ProfileResult;
    failure?: ProfileFailure;
  };
  /** Side by side: the shown entry's result and another one. */
  compare?: { left: { entry: HistoryEntry; result: ProfileResult }; right: { entry: HistoryEntry; result: ProfileResult } };
}

export type ToWebview = { type: 'state'; state: PanelState };

export type FromWebview =
  | { type: 'ready' }
  | { type: 'exportJson'; id: number }
  | { type: 'exportTrace'; id: number }
  | { type: 'runAgain'; id: number }
  | { type: 'cancel' }
  | { type: 'show'; id: number }
  | { type: 'compare'; left: number; right: number }
  | { type: 'closeCompare' };
