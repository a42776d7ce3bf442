/**
 * sequential-await
 *
 * An `await` inside a loop whose iterations are independent: nothing carried
 * from one iteration to the next and no early exit, so the awaits could run
 * together with `Promise.all` instead of one after another. Retry loops, polling
 * loops, rate-limited loops and loops whose work must happen in order are left
 * alone. A hint by default: sequential code is sometimes what you want.
 */
import type { Rule } from '../types';
import { checkSequentialAwaitPython } from './python';
import { checkTypeScript } from './typescript';

export const rule: Rule = {
  meta: {
    id: 'sequential-await',
    languages: ['typescript', 'python'],
    defaultSeverity: 'hint',
    description: 'An await in a loop whose iterations do not depend on each other: the work could run concurrently with Promise.all.',
  },
  checkTypeScript,
  checkPython: checkSequentialAwaitPython,
};
