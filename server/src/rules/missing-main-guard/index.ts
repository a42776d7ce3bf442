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
  },
  checkPython: pythonReading.checkPython,
};
