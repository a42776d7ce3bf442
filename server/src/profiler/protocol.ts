/**
 * What the profiler shares with the client: the panel's messages (extension side and
 * webview) and the `loopwise.profiler.*` settings with their defaults. package.json is
 * the schema for those settings; test/unit/profiler-protocol.test.ts checks that its
 * defaults are these. Plain data only, so the client and the webview bundle it cheaply.
 */
import type { ProfileFailure, ProfileResult } from './types';

/** Messages from the panel (extension side) to its webview. */
export type ToWebview =
  | { type: 'result'; result: ProfileResult }
  | { type: 'running'; label: string }
  | { type: 'failure'; failure: ProfileFailure };

/** Messages from the webview to the panel. */
export type FromWebview = { type: 'ready' } | { type: 'exportJson' } | { type: 'exportTrace' } | { type: 'runAgain' };

/** The `loopwise.profiler.*` settings, by their key under that section. */
export interface ProfilerSettings {
  /** Top of the worker sweep; 0 means all of the machine's cores. */
  maxWorkers: number;
  /** Wall-clock limit for one profile, in seconds. */
  timeoutSeconds: number;
  /** Heap limit for the profiler process and each worker, in MB. */
  memoryLimitMb: number;
}

export const PROFILER_SETTINGS_SECTION = 'loopwise.profiler';

export const PROFILER_DEFAULTS: Readonly<ProfilerSettings> = Object.freeze({
  maxWorkers: 0,
  timeoutSeconds: 60,
  memoryLimitMb: 2048,
});
