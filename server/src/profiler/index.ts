/** The profiler engine's public surface. It imports no `vscode`. */
export { runProfile } from './engine';
export { findProfileTarget, findFunctionByName, parseTaskArgs } from './find-target';
export { PROFILER_DEFAULTS, PROFILER_SETTINGS_SECTION, type ProfilerSettings, type ToWebview, type FromWebview } from './protocol';
export { toChromeTrace } from './chrome-trace';
export { formatProfileText } from './format-text';
export { toCliJson } from './cli-json';
export * from './types';
