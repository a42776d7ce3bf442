/** Messages between the profile panel (extension side) and its webview; plain data, so both sides share it. */
import type { ProfileFailure, ProfileResult } from './types';

export type ToWebview =
  | { type: 'result'; result: ProfileResult }
  | { type: 'running'; label: string }
  | { type: 'failure'; failure: ProfileFailure };

export type FromWebview = { type: 'ready' } | { type: 'exportJson' } | { type: 'exportTrace' } | { type: 'runAgain' };
