/**
 * dangling-task: the task returned by `asyncio.create_task`, `asyncio.ensure_future`
 * or `loop.create_task` is dropped. The event loop keeps only a weak reference to
 * it, so it can be garbage-collected mid-flight, and its exception is never seen.
 */
import type { Rule } from '../types';
import { pythonReading } from './python';

export const rule: Rule = {
  meta: {
    id: 'dangling-task',
    languages: ['python'],
    defaultSeverity: 'warning',
    description: 'The result of asyncio.create_task or ensure_future is dropped, so the task can be garbage-collected mid-flight.',
  },
  checkPython: pythonReading.checkPython,
};
