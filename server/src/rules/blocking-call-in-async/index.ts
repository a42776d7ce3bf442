/**
 * blocking-call-in-async
 *
 * A synchronous call that blocks the thread (`fs.*Sync`, `child_process.execSync`,
 * `zlib.*Sync`, the expensive `crypto.*Sync`, `Atomics.wait`) made where the event
 * loop should be serving other work: an async body, a promise callback, a request
 * handler, or (at info level) a timer or event listener. Calls to the user's own
 * synchronous functions are followed through the call graph, across files.
 * Start-up code (a script's `main()`, a top-level async IIFE), the async steps of a
 * package.json `bin` module that serves nothing, memoised (once-per-key) reads,
 * `catch`/`except` paths, the modules of worker threads, a test runner's callbacks
 * (test-bodies.ts) and, in Python, calls in a `try` that catches `BlockingIOError`
 * (non-blocking.ts) are left alone.
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
    /** Markdown, for the README's rule table and the setting's description. */
    summary: 'a thread-blocking call (`execSync`, `pbkdf2Sync`, `Atomics.wait`; `time.sleep`, `requests`, `subprocess` …) in async code, promise callbacks or request handlers, directly or through your own functions; local file-system calls (`fs.*Sync`, `open()`, `os.path` …) only on a hot path (a request handler, a loop over data); in Python every call needs evidence that other work shares the loop (a handler, a loop over data, a task launched beside others)',
    /** Functions followed down from a call site, the called one first (both readings). */
    chainDepth: 2,
  },
  checkTypeScript,
  checkPython: checkBlockingCallInAsyncPython,
};
