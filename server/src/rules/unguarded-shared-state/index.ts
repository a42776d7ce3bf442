/**
 * unguarded-shared-state
 *
 * Shared state updated without a guard: (a) a plain write to a typed array over
 * a SharedArrayBuffer that a worker also sees, on either side; (b) module-level
 * or singleton state read before an `await` and written after it from the stale
 * read (a lost update); (c) module-level state used as a cache, counter or
 * session store in code that forks processes, each of which has its own copy.
 * Locals, parameters and per-request objects are never shared state.
 */
import type { Rule } from '../types';
import { checkUnguardedSharedStatePython } from './python';
import { checkTypeScript } from './typescript';

export const rule: Rule = {
  meta: {
    id: 'unguarded-shared-state',
    languages: ['typescript', 'python'],
    defaultSeverity: 'warning',
    description: 'Shared memory written without Atomics, module state updated from a read made before an await, or in-process state assumed shared across forked processes.',
  },
  checkTypeScript,
  checkPython: checkUnguardedSharedStatePython,
};
