/**
 * lock-order-inversion: two locks taken in opposite orders on two paths in the
 * workspace (`with a: with b:` here, `with b: with a:` there, directly or through
 * a call made while holding the first). Two threads taking the two paths at once
 * can deadlock, each holding the lock the other waits for.
 */
import type { Rule } from '../types';
import { pythonReading } from './python';

export const rule: Rule = {
  meta: {
    id: 'lock-order-inversion',
    languages: ['python'],
    defaultSeverity: 'warning',
    description: 'Two locks are taken in opposite orders on two paths in the workspace, which can deadlock.',
  },
  checkPython: pythonReading.checkPython,
};
