/**
 * unclosed-pool: a function-local multiprocessing.Pool, ThreadPool,
 * ProcessPoolExecutor, ThreadPoolExecutor, Process or Dask Client that is not used with
 * `with`, and is not closed and joined (or shut down) on every path. Pools kept at
 * module level or handed to someone else (returned, stored on `self`) are left
 * alone: they are long-lived on purpose (the false positive of pylint#4689).
 */
import type { Rule } from '../types';
import { pythonReading } from './python';

export const rule: Rule = {
  meta: {
    id: 'unclosed-pool',
    languages: ['python'],
    defaultSeverity: 'warning',
    description: 'A function-local pool, executor, Process or Dask Client that is neither used with `with` nor closed (and joined) on every path.',
    /** Markdown, for the README's rule table and the setting's description. */
    summary: 'a local pool, executor, `Process` or Dask `Client` never closed (and joined) on every path',
  },
  checkPython: pythonReading.checkPython,
};
