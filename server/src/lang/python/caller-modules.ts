/**
 * The other workspace modules whose async code may reach a root cause in `module`
 * (one finding per root cause: the root's module reports, naming the async callers
 * elsewhere). Found by name, two levels of callers: the modules that name a
 * synchronous function of `module` that reaches the root here, then those that name
 * such a function of theirs.
 */
import type { PyFunction, PyModule } from './model';
import type { PyWorkspace } from './workspace';

export function callerModules(
  module: PyModule,
  workspace: PyWorkspace,
  /** Whether this synchronous function reaches the root cause in `module`. */
  reachesHere: (fn: PyFunction) => boolean,
  /** The workspace files that mention a name (a cached word scan). */
  filesMentioning: (name: string) => string[],
): PyModule[] {
  const found = new Map<string, PyModule>();
  const visit = (names: Set<string>) => {
    const next = new Set<string>();
    for (const name of names) {
      for (const file of filesMentioning(name)) {
        if (file === module.file || found.has(file)) continue;
        const other = workspace.tryGetModule(file);
        if (!other || other === module) continue;
        found.set(file, other);
        for (const fn of other.functions) if (reachesHere(fn)) next.add(fn.name);
      }
    }
    return next;
  };
  const names = new Set(module.functions.filter(reachesHere).map((f) => f.name));
  if (names.size > 0) visit(visit(names));
  return [...found.values()];
}
