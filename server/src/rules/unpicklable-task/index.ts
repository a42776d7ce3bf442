/**
 * unpicklable-task: a lambda, a nested function, a local class, or a bound method
 * of an object holding locks, sockets, files or pools, sent to a process
 * (ProcessPoolExecutor, multiprocessing.Pool, Process(target=...)). Pickle sends
 * functions by their module-level name, so these fail with PicklingError. Ray,
 * Dask and joblib's loky backend use cloudpickle, which sends these by value, so
 * they are not task submissions here (lang/python/tasks.ts lists only stdlib pools).
 */
import type { Rule } from '../types';
import { pythonReading } from './python';

export const rule: Rule = {
  meta: {
    id: 'unpicklable-task',
    languages: ['python'],
    defaultSeverity: 'error',
    description: 'A lambda, nested function, local class or bound method of an unpicklable object sent to a process pool or Process.',
    /** Markdown, for the README's rule table and the setting's description. */
    summary: 'a lambda, nested function or local class sent to a process pool that uses plain pickle (not Ray, Dask or joblib\'s loky)',
  },
  checkPython: pythonReading.checkPython,
};
