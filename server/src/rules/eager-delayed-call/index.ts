/**
 * eager-delayed-call: `delayed(f(x))` with Dask's or joblib's `delayed`. The
 * argument `f(x)` is evaluated right away, in the calling process, one call after
 * another; `delayed` only wraps its result. The lazy spelling is `delayed(f)(x)`.
 */
import type { Rule } from '../types';
import { pythonReading } from './python';

export const rule: Rule = {
  meta: {
    id: 'eager-delayed-call',
    languages: ['python'],
    defaultSeverity: 'error',
    description: 'dask.delayed(f(x)) or joblib delayed(f(x)) calls f right away, serially; write delayed(f)(x).',
    /** Markdown, for the README's rule table and the setting's description. */
    summary: '`delayed(f(x))`, which calls `f` at once, serially, instead of `delayed(f)(x)`',
  },
  checkPython: pythonReading.checkPython,
};
