/**
 * blocking-call-in-async
 *
 * A synchronous call that blocks the thread (`fs.*Sync`, `child_process.execSync`,
 * `zlib.*Sync`, the expensive `crypto.*Sync`, `Atomics.wait`) made where the event
 * loop should be serving other work: an async body, a promise callback, a request
 * handler, or (at info level) a timer or event listener. Calls to the user's own
 * synchronous functions are followed through the call graph, across files.
 * Start-up code (a script's `main()`, a top-level async IIFE) and the modules of
 * worker threads are left alone.
 */
import type { Rule } from '../types';
import { checkBlockingCallInAsyncPython } from './python';
import { checkTypeScript } from './typescript';

export const rule: Rule = {
  meta: {
    id: 'blocking-call-in-async',
    languages: ['typescript', 'python'],
    defaultSeverity: 'warning',
    description: 'A synchronous, thread-blocking call made in async code, a promise callback or a request handler.',
  },
  checkTypeScript,
  checkPython: checkBlockingCallInAsyncPython,
};
