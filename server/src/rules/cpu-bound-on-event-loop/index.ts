/**
 * cpu-bound-on-event-loop
 *
 * CPU-heavy work done where the event loop should be serving other work (an
 * async body, a promise callback, a request handler, or at info level a timer or
 * event listener), directly or through synchronous functions it calls, across
 * files: nested loops over input-sized data, busy-waits, endless loops that never
 * await, exponentially recursive calls, and catastrophically backtracking regular
 * expressions on non-constant input. Single linear loops, loops that await,
 * small constant bounds, calls made only while the collection a callee's outer
 * loop walks is empty, module top level and start-up code, and the modules of
 * worker threads (where such work belongs) are left alone.
 */
import type { Rule } from '../types';
import { checkCpuBoundOnEventLoopPython } from './python';
import { checkTypeScript } from './typescript';

export const rule: Rule = {
  meta: {
    id: 'cpu-bound-on-event-loop',
    languages: ['typescript', 'python'],
    defaultSeverity: 'warning',
    description: 'CPU-heavy work (nested loops over input, busy-waits, exponential recursion, catastrophic regexes) in async code or a request handler.',
    /** Markdown, for the README's rule table and the setting's description. */
    summary: 'nested loops over input, busy-waits, exponential recursion, catastrophic regexes on the event loop',
    /** Functions followed down from a call site, the called one first (both readings). */
    chainDepth: 2,
  },
  checkTypeScript,
  checkPython: checkCpuBoundOnEventLoopPython,
};
