/**
 * repeated-large-argument: the same large, loop-invariant object (a collection,
 * array or DataFrame built outside the loop, or a module constant) is passed by
 * value to every task submitted in a loop, through Ray's `.remote(...)`, Dask's
 * `client.submit` or a process pool. It is pickled and sent again for each task.
 */
import type { Rule } from '../types';
import { pythonReading } from './python';

export const rule: Rule = {
  meta: {
    id: 'repeated-large-argument',
    languages: ['python'],
    defaultSeverity: 'info',
    description: 'The same large loop-invariant object passed by value to every task submitted in a loop (Ray, Dask client, process pool), pickled each time.',
    /** Markdown, for the README's rule table and the setting's description. */
    summary: 'the same large object pickled into every task submitted in a loop; `ray.put` / `scatter` it once',
  },
  checkPython: pythonReading.checkPython,
};
