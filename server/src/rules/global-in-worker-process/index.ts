/**
 * global-in-worker-process: a function run in another process (a process pool,
 * multiprocessing.Process/Pool, a Ray remote function, a Dask client) writes
 * module-level state (`global x; x += 1`, `CACHE[k] = v`, `seen.add(k)`) that
 * the parent then reads. Each process has its own copy of the module, so the
 * parent never sees the write.
 */
import type { Rule } from '../types';
import { pythonReading } from './python';

export const rule: Rule = {
  meta: {
    id: 'global-in-worker-process',
    languages: ['python'],
    defaultSeverity: 'warning',
    description: 'A function run in another process writes module-level state that the parent reads as if it were shared; the write is lost.',
    /** Markdown, for the README's rule table and the setting's description. */
    summary: 'a worker process writes a module global the parent reads: the write is lost',
  },
  checkPython: pythonReading.checkPython,
};
