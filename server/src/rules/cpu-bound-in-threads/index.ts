/**
 * cpu-bound-in-threads: a CPU-bound function (loops or recursion, no I/O, through
 * the call graph) run on threads: ThreadPoolExecutor, threading.Thread,
 * multiprocessing.pool.ThreadPool, asyncio.to_thread, joblib's threading backend,
 * Dask with scheduler="threads".
 * The GIL runs one thread's Python code at a time, so the threads bring no speed-up.
 */
import type { Rule } from '../types';
import { pythonReading } from './python';

export const rule: Rule = {
  meta: {
    id: 'cpu-bound-in-threads',
    languages: ['python'],
    defaultSeverity: 'warning',
    description: 'A CPU-bound Python function run on threads, where the GIL serialises it; use a process pool.',
    /** Markdown, for the README's rule table and the setting's description. */
    summary: 'CPU-bound work on threads, which the GIL serialises',
  },
  checkPython: pythonReading.checkPython,
};
