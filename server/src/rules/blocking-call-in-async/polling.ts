/**
 * A file-metadata query in a polling loop paced by a sleep is a timer, not a hot path:
 *
 *     while True:
 *         mtime = os.stat(path).st_mtime      # once per interval
 *         ...
 *         await asyncio.sleep(interval)
 *
 * The loop awaits `asyncio.sleep(interval)` (or trio's/anyio's) on every iteration
 * that goes round again, so its body runs once per interval; one stat, exists or
 * getmtime of a path costs microseconds, a tiny fraction of the interval. Only that
 * cheap class is left alone: a read, a directory scan, a network call or a sleep in
 * such a loop still holds up every other task for its whole duration and is still
 * reported, and so is a metadata call made in a loop inside the polling loop (once
 * per file, per interval) or behind a `continue` that skips the sleep.
 *
 * Fixtures: test-fixtures/rules/blocking-call-in-async/polling.py and ok_polling.py.
 */
import type { PyChainStep } from '../../lang/python/call-graph/reach';
import type { PyFunction, PyModule } from '../../lang/python/model';
import { externalName, type PyResolver } from '../../lang/python/resolve';
import { child, type PyNode, unparen, walkOwn } from '../../lang/python/syntax';

/** Metadata queries of one path: one system call that reads no file data. */
const METADATA = new Set([
  'os.stat', 'os.lstat', 'os.access',
  'os.path.exists', 'os.path.lexists', 'os.path.isfile', 'os.path.isdir', 'os.path.islink',
  'os.path.getsize', 'os.path.getmtime', 'os.path.getatime', 'os.path.getctime',
  'pathlib.Path.stat', 'pathlib.Path.lstat', 'pathlib.Path.exists', 'pathlib.Path.is_file', 'pathlib.Path.is_dir', 'pathlib.Path.is_symlink',
]);

/** Sleeps an async loop awaits to wait for its next round. */
const ASYNC_SLEEPS = new Set(['asyncio.sleep', 'trio.sleep', 'anyio.sleep']);

const LOOPS = new Set(['for_statement', 'while_statement', 'for_in_clause', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

/**
 * Whether the blocking `root` (a metadata query), reached from `call` in async `fn`
 * through `steps` (empty when `call` is `root`), runs once per round of a polling
 * loop of `fn` that sleeps between rounds.
 */
export function isPacedMetadataPoll(fn: PyFunction, call: PyNode, root: PyNode, rootModule: PyModule, steps: readonly PyChainStep[], resolver: PyResolver): boolean {
  if (!METADATA.has(externalName(resolver.resolve(child(root, 'function')!, rootModule)) ?? '')) return false;
  const loop = enclosingLoop(call, fn);
  if (!loop || loop.type !== 'while_statement' || !sleepsEveryRound(loop, fn.module, resolver)) return false;
  // Once per call of each helper on the way: no loop in a helper repeats the query.
  for (const s of steps) {
    const scope = resolver.scopeOf(s.node, s.module);
    if (!scope || enclosingLoop(s.node, scope)) return false;
  }
  return true;
}

/** The innermost loop (or comprehension) of `fn` around `node`. */
function enclosingLoop(node: PyNode, fn: PyFunction): PyNode | undefined {
  for (let n = node.parent; n && n !== fn.node; n = n.parent) {
    if (LOOPS.has(n.type)) return n;
  }
  return undefined;
}

/**
 * The loop's body awaits a sleep of a non-zero interval as one of its own statements
 * (not inside an `if`, `try` or inner loop), and no `continue` of this loop skips it.
 */
function sleepsEveryRound(loop: PyNode, module: PyModule, resolver: PyResolver): boolean {
  const body = child(loop, 'body');
  if (!body) return false;
  const paced = body.children.some((stmt) => {
    const e = stmt.type === 'expression_statement' ? stmt.children[0] : undefined;
    const awaited = e?.type === 'await' && e.children[0] ? unparen(e.children[0]) : undefined;
    if (awaited?.type !== 'call') return false;
    if (!ASYNC_SLEEPS.has(externalName(resolver.resolve(child(awaited, 'function')!, module)) ?? '')) return false;
    const args = child(awaited, 'arguments');
    const first = args?.children.find((a) => a.type !== 'comment');
    const interval = first?.type === 'keyword_argument' ? child(first, 'value') : first;
    return !!interval && !/^0*\.?0*$/.test(module.text.slice(interval.start, interval.end).trim());
  });
  return paced && !continuesPastSleep(body);
}

/** A `continue` that belongs to this loop (not to a loop nested in it). */
function continuesPastSleep(body: PyNode): boolean {
  let found = false;
  walkOwn(body, (n) => {
    if (found) return false;
    if (n.type === 'for_statement' || n.type === 'while_statement') return false;
    if (n.type === 'continue_statement') found = true;
    return true;
  });
  return found;
}
