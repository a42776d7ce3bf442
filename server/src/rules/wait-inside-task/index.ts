/**
 * wait-inside-task: a task blocks on other tasks from inside the engine that runs
 * it: `ray.get` inside a `@ray.remote` function on refs it was handed,
 * `.compute()`/`dask.compute` inside a delayed function, or a task of a bounded
 * executor that submits to the same executor and waits, which deadlocks once
 * every worker is such a waiting task.
 */
import type { Rule } from '../types';
import { pythonReading } from './python';

export const rule: Rule = {
  meta: {
    id: 'wait-inside-task',
    languages: ['python'],
    defaultSeverity: 'warning',
    description: 'A task that waits on other tasks from inside its engine: ray.get on refs passed to a remote function, compute inside a delayed function, or a pool task waiting on its own pool.',
    /** Markdown, for the README's rule table and the setting's description. */
    summary: 'a task that waits on other tasks of its own engine (`ray.get` in a remote function, `.compute()` in a delayed one, a pool task waiting on its pool)',
  },
  checkPython: pythonReading.checkPython,
};
