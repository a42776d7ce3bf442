/**
 * What the profiler shares with the client: the panel's messages (extension side and
 * webview) and the `loopwise.profiler.*` settings with their defaults. package.json is
 * the schema for those settings; test/unit/profiler-protocol.test.ts checks that its
 * defaults are these. Plain data only, so the client and the webview bundle it cheaply.
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

/**
 * The panel's whole view. The extension owns the session's history and sends the whole
 * state on every change; the webview only draws it and reports clicks.
 */
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

/** Messages from the panel (extension side) to its webview. */
export type ToWebview = { type: 'state'; state: PanelState };

/** Messages from the webview to the panel. */
export type FromWebview =
  | { type: 'ready' }
  | { type: 'exportJson'; id: number }
  | { type: 'exportTrace'; id: number }
  | { type: 'runAgain'; id: number }
  | { type: 'cancel' }
  | { type: 'show'; id: number }
  | { type: 'compare'; left: number; right: number }
  | { type: 'closeCompare' };

/** The `loopwise.profiler.*` settings, by their key under that section. */
export interface ProfilerSettings {
  /** Top of the worker sweep; 0 means all of the machine's cores. */
  maxWorkers: number;
  /** Wall-clock limit for one profile, in seconds. */
  timeoutSeconds: number;
  /** Heap limit for the profiler process and each worker, in MB. */
  memoryLimitMb: number;
  /** The "Profile this function" code lens above every exported function, not only annotated ones. */
  'codeLens.exportedFunctions': boolean;
  /** Python: a Dask scheduler (`tcp://host:port`) for the dask run; empty for a LocalCluster. */
  daskScheduler: string;
  /** Python: the scale-out engines to run beside the threads and processes; empty for none. */
  engines: readonly ProfilerEngine[];
}

/** Python's scale-out engines that Profile Selection can run, in the order they run. */
export const PROFILER_ENGINES = Object.freeze(['joblib', 'dask'] as const);
export type ProfilerEngine = (typeof PROFILER_ENGINES)[number];

/**
 * The engines a `loopwise.profiler.engines` value (or the CLI's `--engines` list) names,
 * in run order and once each; anything else in it is left out. Not a list: the default.
 */
export function profilerEngines(value: unknown): ProfilerEngine[] {
  if (!Array.isArray(value)) return [...PROFILER_DEFAULTS.engines];
  return PROFILER_ENGINES.filter((e) => value.includes(e));
}

export const PROFILER_SETTINGS_SECTION = 'loopwise.profiler';

export const PROFILER_DEFAULTS: Readonly<ProfilerSettings> = Object.freeze({
  maxWorkers: 0,
  timeoutSeconds: 60,
  memoryLimitMb: 2048,
  'codeLens.exportedFunctions': false,
  daskScheduler: '',
  engines: Object.freeze([...PROFILER_ENGINES]),
});

/** How the panel and its history name each classification. */
export const CLASS_TEXT: Record<string, string> = {
  'cpu-bound': 'CPU-bound',
  'io-bound': 'I/O-bound',
  'overhead-bound': 'overhead-bound',
  'serialization-bound': 'serialization-bound',
  'gil-bound': 'GIL-bound',
  mixed: 'mixed',
  inconclusive: 'inconclusive',
};
