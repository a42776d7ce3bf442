/** The profiler engine's public surface. It imports no `vscode`. */
export { runProfile } from './engine';
export { findProfileTarget, findFunctionByName, listProfileTargets, parseTaskArgs, type ListedTarget } from './find-target';
export {
  PROFILER_DEFAULTS,
  PROFILER_SETTINGS_SECTION,
  type ProfilerSettings,
  type ToWebview,
  type FromWebview,
  type HistoryEntry,
  type PanelState,
} from './protocol';
export { toChromeTrace } from './chrome-trace';
export { formatProfileText } from './format-text';
export { toCliJson } from './cli-json';
export * from './types';
