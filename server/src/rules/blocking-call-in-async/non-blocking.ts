/**
 * A call the code itself treats as non-blocking: it sits in the body of a `try`
 * whose `except` catches `BlockingIOError` (or ssl's `SSLWantReadError` /
 * `SSLWantWriteError`). Those are raised only by an operation on an object in
 * non-blocking mode that would have had to wait: `sock.recv()` on a socket
 * after `setblocking(False)`, `os.read()` on an O_NONBLOCK pipe, `fcntl.flock(…,
 * LOCK_NB)`. Catching one is the author's positive evidence that the call
 * returns at once (the `except` then awaits readiness, as anyio's and asyncio's
 * own socket code does), so it does not block the event loop.
 *
 * The same holds for a socket that the same function hands to the event loop's
 * `sock_*` methods (`await loop.sock_recv(sock, n)`): asyncio accepts only
 * non-blocking sockets there (it raises ValueError for a blocking one), so the
 * socket's own `send`/`sendto`/`recv` return at once.
 *
 * Fixtures: test-fixtures/rules/blocking-call-in-async/ok_non_blocking.py (left
 * alone) and non_blocking_lookalikes.py (a shadowed name, another exception, the
 * `else` arm, a nested function: still flagged).
 */
import { externalName, type PyResolver } from '../../lang/python/resolve';
import type { PyModule } from '../../lang/python/model';
import { child, type PyNode, walkAll } from '../../lang/python/syntax';

/** Exceptions that only a non-blocking operation raises, by canonical name. */
const WOULD_BLOCK = new Set(['builtins.BlockingIOError', 'ssl.SSLWantReadError', 'ssl.SSLWantWriteError']);

const SCOPES = new Set(['function_definition', 'lambda', 'class_definition']);
const GROUPS = new Set(['tuple', 'parenthesized_expression', 'expression_list']);

/** Whether `call` is in the body of a `try` (in its own function) one of whose handlers catches a would-block error. */
export function isNonBlockingAttempt(call: PyNode, module: PyModule, resolver: PyResolver): boolean {
  for (let n: PyNode = call; n.parent && !SCOPES.has(n.parent.type); n = n.parent) {
    const parent = n.parent;
    if (parent.type !== 'try_statement' || n.type !== 'block' || !isTryBody(parent, n)) continue;
    for (const handler of parent.children) {
      if ((handler.type === 'except_clause' || handler.type === 'except_group_clause') && catchesWouldBlock(handler, module, resolver)) return true;
    }
  }
  return false;
}

/** The `try:` block itself, not the `else:`/`finally:` blocks (those are in their own clauses). */
function isTryBody(tryStatement: PyNode, block: PyNode): boolean {
  return block.field === 'body' || tryStatement.children.find((c) => c.type === 'block') === block;
}

function catchesWouldBlock(handler: PyNode, module: PyModule, resolver: PyResolver): boolean {
  for (const c of handler.children) {
    if (c.type === 'block' || c.field === 'alias') continue;
    if (exceptionTypes(c).some((t) => isWouldBlock(t, module, resolver))) return true;
  }
  return false;
}

/** `except E`, `except (E, F)`, `except E as e`: the type expressions named. */
function exceptionTypes(node: PyNode): PyNode[] {
  if (node.type === 'as_pattern') return node.children[0] ? exceptionTypes(node.children[0]) : [];
  if (GROUPS.has(node.type)) return node.children.flatMap(exceptionTypes);
  return node.type === 'identifier' || node.type === 'attribute' ? [node] : [];
}

function isWouldBlock(type: PyNode, module: PyModule, resolver: PyResolver): boolean {
  // The builtin, unless the module or the function binds the name to something else.
  if (type.type === 'identifier' && type.text === 'BlockingIOError' && resolver.lookup(type.text, resolver.scopeOf(type, module), module) === undefined) return true;
  const sym = resolver.resolve(type, module);
  return sym.kind === 'external' && WOULD_BLOCK.has(sym.qname);
}

/** The event loop's socket methods, which take only non-blocking sockets. */
const LOOP_SOCK_METHODS = /^asyncio\.AbstractEventLoop\.sock_(?:recv|recv_into|recvfrom|recvfrom_into|sendall|sendto|connect|accept|sendfile)$/;

/** Whether `call` is a socket method whose receiver the same function also hands to the loop's `sock_*` methods. */
export function isLoopManagedSocket(call: PyNode, module: PyModule, resolver: PyResolver): boolean {
  const fn = child(call, 'function');
  if (fn?.type !== 'attribute' || !externalName(resolver.resolve(fn, module))?.startsWith('socket.socket.')) return false;
  const recv = child(fn, 'object');
  if (!recv) return false;
  const text = module.text.slice(recv.start, recv.end);
  const scope = resolver.scopeOf(call, module);
  let found = false;
  walkAll(scope ? scope.body : module.root, (n) => {
    if (found) return false;
    if (n.type !== 'call') return true;
    const callee = child(n, 'function');
    if (!callee || !LOOP_SOCK_METHODS.test(externalName(resolver.resolve(callee, module)) ?? '')) return true;
    const first = child(n, 'arguments')?.children.find((a) => a.type !== 'comment' && a.type !== 'keyword_argument');
    if (first && module.text.slice(first.start, first.end) === text) found = true;
    return !found;
  });
  return found;
}
