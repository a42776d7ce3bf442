/**
 * sequential-submit: a task is submitted to an engine and waited for in the same
 * loop iteration (`ray.get(f.remote(x))`, `client.submit(...).result()`,
 * `delayed(f)(x).compute()`, `executor.submit(f, x).result()`, `pool.apply(f, ...)`),
 * so the next task is not submitted before this one ends: the loop runs one task
 * at a time, with the engine's overhead on top.
 */
import type { Rule } from '../types';
import { pythonReading } from './python';

export const rule: Rule = {
  meta: {
    id: 'sequential-submit',
    languages: ['python'],
    defaultSeverity: 'warning',
    description: 'A task submitted and waited for in the same loop iteration (Ray, Dask, concurrent.futures, multiprocessing), so nothing runs in parallel.',
    /** Markdown, for the README's rule table and the setting's description. */
    summary: 'a task submitted and waited for in each loop iteration (`ray.get(f.remote(x))`, `.submit(...).result()`)',
  },
  checkPython: pythonReading.checkPython,
};
