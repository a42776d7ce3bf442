/** The profiler engine's public surface. It imports no `vscode`. */
export { runProfile, DEFAULT_MEMORY_LIMIT_MB, DEFAULT_TIMEOUT_SECONDS, type ProfileProgress, type RunProfileOptions } from './run-profile';
export { findProfileTarget, findFunctionByName, listProfileTargets, parseTaskArgs, type FoundTarget, type FoundFunction, type FoundSnippet, type ListedTarget } from './find-target';
export { toChromeTrace } from './chrome-trace';
export { formatProfileText } from './format-text';
export { toCliJson } from './cli-json';
export * from './types';
