/**
 * sequential-await
 *
 * A loop that maps data through an awaited call, one item after another:
 * each iteration awaits a call whose arguments come from the loop's item, the
 * result is collected (pushed, stored under an index or key, summed, or used to
 * filter), and nothing in the loop depends on an earlier iteration. Those awaits
 * could run together with `Promise.all`.
 *
 * Everything else stays quiet, because sequential code is usually sequential on
 * purpose: lists of hooks, plugins, middleware or callbacks (the callee is the
 * item or its method, or the item's type is callable), teardown in reverse,
 * calls on one object every iteration (a connection, transaction, session, query
 * runner, cursor, stream, `this`), awaits done only for their effect, batches
 * (`await Promise.all(chunk…)` per iteration), retries, polling, pagination and
 * anything carried between iterations, `break`/`return`/`throw`, and loops whose
 * comments say the order is intended. A hint by default.
 */
import type { Rule } from '../types';
import { checkSequentialAwaitPython } from './python';
import { checkTypeScript } from './typescript';

export const rule: Rule = {
  meta: {
    id: 'sequential-await',
    languages: ['typescript', 'python'],
    defaultSeverity: 'hint',
    description: 'A loop that maps data through an awaited call one item at a time, collecting the results: the calls could run concurrently with Promise.all.',
    /** Markdown, for the README's rule table and the setting's description. */
    summary: 'a loop that awaits one call per item of data and collects the results, where the calls could run concurrently (`Promise.all`, `asyncio.gather`)',
  },
  checkTypeScript,
  checkPython: checkSequentialAwaitPython,
};
