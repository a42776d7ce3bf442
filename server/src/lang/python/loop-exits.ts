/**
 * Control-flow facts about loops, for the hot-path reading: whether a loop that
 * holds a call repeats it per item, or stops at the first item for which it
 * completes.
 *
 * A fallback loop tries the items in turn and leaves at the first success:
 *
 *     for mirror in mirrors:
 *         try:
 *             await fetch(mirror)
 *             done(mirror)
 *             return            # the first mirror that works ends the loop
 *         except OSError:
 *             continue
 *
 * `fetch` and `done` run once per call of the function when the first item works;
 * the loop goes on only after an error. That is a retry, not per-item work.
 *
 * Fixtures: test-fixtures/rules/blocking-call-in-async/hot_path.py (`fallback_*`).
 */
import { type PyNode } from './syntax';

const LOOPS = new Set(['for_statement', 'while_statement']);
const NESTED_SCOPES = new Set(['function_definition', 'class_definition', 'lambda']);

/**
 * Whether, once `node` (inside `body`, the body of `loop`) completes normally, the
 * loop always ends: a later statement of a block on the way up is a `return` (or a
 * `break` of this loop), and nothing between them can `continue` the loop.
 */
export function leavesLoopOnceDone(node: PyNode, loop: PyNode, body: PyNode): boolean {
  for (let n: PyNode = node; n.parent && n !== body; n = n.parent) {
    const p: PyNode = n.parent;
    // An `else:` of a try or an `except` handler is not on the normal path from `node`.
    if (p.type !== 'block') continue;
    const siblings = p.children;
    for (let i = siblings.indexOf(n) + 1; i < siblings.length; i++) {
      const s = siblings[i];
      if (s.type === 'return_statement') return true;
      if (s.type === 'break_statement') {
        if (innermostLoop(p) === loop) return true;
        break;
      }
      if (mayContinue(s)) return false;
    }
  }
  return false;
}

/** The loop a `break` in `block` leaves. */
function innermostLoop(block: PyNode): PyNode | undefined {
  for (let p = block.parent; p; p = p.parent) {
    if (LOOPS.has(p.type)) return p;
    if (NESTED_SCOPES.has(p.type)) return undefined;
  }
  return undefined;
}

/** Whether `stmt` holds a `continue` (or a conditional `break`) of the loop around it rather than of a loop nested in `stmt`. */
function mayContinue(stmt: PyNode): boolean {
  let found = false;
  const visit = (n: PyNode, nested: boolean) => {
    if (found || NESTED_SCOPES.has(n.type)) return;
    if (!nested && (n.type === 'continue_statement' || n.type === 'break_statement')) {
      found = true;
      return;
    }
    for (const c of n.children) visit(c, nested || LOOPS.has(n.type));
  };
  visit(stmt, false);
  return found;
}
