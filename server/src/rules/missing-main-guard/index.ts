/**
 * missing-main-guard: module-level code that starts a process or a process pool
 * (directly, or by calling a function that does) outside `if __name__ == "__main__":`.
 * Under spawn/forkserver every worker re-imports the main module and runs it again.
 */
import type { Rule } from '../types';
import { pythonReading } from './python';

export const rule: Rule = {
  meta: {
    id: 'missing-main-guard',
    languages: ['python'],
    defaultSeverity: 'warning',
    description: 'Module-level code starts processes or a process pool without an `if __name__ == "__main__":` guard.',
    /** Markdown, for the README's rule table and the setting's description. */
    summary: 'processes started at module level without `if __name__ == "__main__":`',
    /** Functions followed down from a call site, the called one first (both readings). */
    chainDepth: 3,
  },
  checkPython: pythonReading.checkPython,
};
