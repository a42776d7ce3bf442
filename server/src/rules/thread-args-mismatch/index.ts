/**
 * thread-args-mismatch: the arguments given to `Thread(target=f, args=...)`,
 * `Process(...)`, `executor.submit(f, ...)` or `pool.apply(f, ...)` do not fit
 * `f`'s signature, or `args=(x)` is not a tuple. The error only surfaces in the
 * worker, as a TypeError in a thread's traceback or a failed future.
 */
import type { Rule } from '../types';
import { pythonReading } from './python';

export const rule: Rule = {
  meta: {
    id: 'thread-args-mismatch',
    languages: ['python'],
    defaultSeverity: 'error',
    description: "Arguments passed to a thread, process or pool task do not fit the target's signature, or `args=(x)` is not a tuple.",
  },
  checkPython: pythonReading.checkPython,
};
