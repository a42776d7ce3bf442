/**
 * pool-in-loop: a worker pool or engine is created on each iteration of a loop:
 * a ProcessPoolExecutor, ThreadPoolExecutor, multiprocessing Pool, joblib
 * Parallel, Dask Client or LocalCluster, or a Ray remote function (`@ray.remote`
 * or `ray.remote(f)`, which pickles and uploads the function each time). Every
 * iteration pays the start-up again.
 */
import type { Rule } from '../types';
import { pythonReading } from './python';

export const rule: Rule = {
  meta: {
    id: 'pool-in-loop',
    languages: ['python'],
    defaultSeverity: 'warning',
    description: 'A process or thread pool, joblib Parallel, Dask Client/LocalCluster or Ray remote function created on every loop iteration.',
    /** Markdown, for the README's rule table and the setting's description. */
    summary: 'a pool, `Parallel`, Dask `Client` or Ray remote function re-created on every loop iteration',
  },
  checkPython: pythonReading.checkPython,
};
