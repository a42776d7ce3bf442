/**
 * The composition of the analysis: the engine's workspace with both language
 * backends and the registry's rules. `server.ts` and `cli.ts` (and the tests)
 * build their workspace here; nothing below this file knows the whole set.
 */
import { AnalysisWorkspace } from './engine/workspace';
import { PythonBackend } from './lang/python/backend';
import { TypeScriptBackend } from './lang/ts/typescript-backend';
import { pythonRules, rules, typescriptRules } from './rules';

export function createAnalysisWorkspace(roots: string[]): AnalysisWorkspace {
  return new AnalysisWorkspace(roots, (resolved) => ({
    typescript: new TypeScriptBackend(resolved, typescriptRules),
    backends: [new PythonBackend(resolved, pythonRules)],
    rules,
  }));
}
