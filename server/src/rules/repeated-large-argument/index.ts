/**
 * repeated-large-argument: the same large, loop-invariant object (a collection,
 * array or DataFrame built outside the loop, or a module constant) is passed by
 * value to every task submitted in a loop, through Ray's `.remote(...)`, Dask's
 * `client.submit` or a process pool, or with every task of a process pool's `map`
 * (a `functools.partial(f, big)`, `itertools.repeat(big)`). It is pickled and sent
 * again for each task.
 */
import type { Rule } from '../types';
import { pythonReading } from './python';

export const rule: Rule = {
  meta: {
    id: 'repeated-large-argument',
    languages: ['python'],
    defaultSeverity: 'info',
    description: 'The same large loop-invariant object passed by value to every task submitted in a loop (Ray, Dask client, process pool) or mapped by a process pool, pickled each time.',
    /** Markdown, for the README's rule table and the setting's description. */
    summary: 'the same large object pickled into every task submitted in a loop or a process pool\'s `map`; `ray.put` / `scatter` it once',
  },
  checkPython: pythonReading.checkPython,
};
