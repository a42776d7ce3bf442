/**
 * A file opened only to be handed to a library that reads it off the event loop:
 *
 *     f = open(path, "rb")
 *     size = f.seek(0, 2); f.seek(0)
 *     await session.put(url, data=f)          # aiohttp reads f in an executor
 *
 * The reporter's `open()` stands for the file's reads and writes in this function
 * (a method of a file opened in the same function is not reported again). When
 * every use of the opened file is an argument of a call that reads it in a thread
 * (aiohttp's request `data=` and `FormData.add_field`, starlette's
 * `StreamingResponse`, `loop.sendfile`, `asyncio.to_thread`/`run_in_executor`), or
 * a position query (`seek`, `tell`, `fileno`, `close`, `name`), no read of its data
 * is on the loop: what remains is the one `open()`, a metadata system call. The
 * rule leaves that alone. A file that is also read, written, iterated or handed to
 * any other call here is still reported at its `open()`.
 *
 * Fixtures: test-fixtures/rules/blocking-call-in-async/offloaded_file.py and ok_offloaded_file.py.
 */
import type { PyModule } from '../../lang/python/model';
import { OFFLOADERS } from '../../lang/python/apis';
import { externalName, type PyResolver } from '../../lang/python/resolve';
import { child, type PyNode, unparen, walkOwn } from '../../lang/python/syntax';

const OPENERS = new Set(['builtins.open', 'io.open', 'pathlib.Path.open']);

/** Request methods of an aiohttp client session: their `data=` file object is read in an executor. */
const AIOHTTP_REQUESTS = ['request', 'get', 'post', 'put', 'patch', 'delete', 'options', 'head'];

/** Calls that read a file object handed to them off the event loop, and which argument takes it. */
const OFF_LOOP_READERS: Record<string, { index?: number; keyword: string }> = {
  ...Object.fromEntries(AIOHTTP_REQUESTS.map((m) => [`aiohttp.ClientSession.${m}`, { keyword: 'data' }])),
  'aiohttp.request': { keyword: 'data' },
  'aiohttp.FormData.add_field': { index: 1, keyword: 'value' },
  'starlette.responses.StreamingResponse': { index: 0, keyword: 'content' },
  'fastapi.responses.StreamingResponse': { index: 0, keyword: 'content' },
  'asyncio.AbstractEventLoop.sendfile': { index: 1, keyword: 'file' },
};

/** File-object members that read no data. */
const POSITION_ONLY = new Set(['seek', 'tell', 'fileno', 'close', 'name', 'closed', 'mode', 'seekable']);

/** Whether the blocking `root` is an `open()` whose file every use hands to an off-loop reader. */
export function isOpenForOffLoopReader(root: PyNode, module: PyModule, resolver: PyResolver): boolean {
  return everyUseHanded(root, module, resolver, (arg) => offloaded(arg, module, resolver) || readerTakes(arg, module, resolver));
}

/**
 * Whether the blocking `root` is an `open()` whose file every use hands, as an
 * argument, to a call `handedOn` accepts (or to an off-loop reader): the file's
 * reads and writes happen in those calls, not in this function.
 */
export function isOpenHandedOn(root: PyNode, module: PyModule, resolver: PyResolver, handedOn: (call: PyNode) => boolean): boolean {
  return everyUseHanded(root, module, resolver, (arg) => {
    if (offloaded(arg, module, resolver) || readerTakes(arg, module, resolver)) return true;
    const call = callOfArgument(arg);
    return !!call && handedOn(call);
  });
}

function everyUseHanded(root: PyNode, module: PyModule, resolver: PyResolver, takes: (arg: PyNode) => boolean): boolean {
  const callee = child(root, 'function');
  if (!callee || !OPENERS.has(externalName(resolver.resolve(callee, module)) ?? '')) return false;
  // `StreamingResponse(open(path, "rb"))`: opened straight into the reader.
  if (root.parent?.type === 'argument_list' || root.parent?.type === 'keyword_argument') return takes(root);
  const name = boundName(root);
  const fn = resolver.scopeOf(root, module);
  if (!name || !fn) return false;
  let handed = 0;
  let other = false;
  walkOwn(fn.body, (n) => {
    if (other) return false;
    if (n.type !== 'identifier' || n.text !== name) return true;
    if (n.parent?.type === 'attribute' && n.field === 'attribute') return true;
    const use = classify(n, module, resolver, takes);
    if (use === 'handed') handed++;
    else if (use === 'other') other = true;
    return true;
  });
  return handed > 0 && !other;
}

/** `f = open(...)` or `with open(...) as f`: the local the file is bound to. */
function boundName(root: PyNode): string | undefined {
  const p = root.parent;
  if (p?.type === 'assignment' && child(p, 'right') === root) {
    const left = child(p, 'left');
    return left?.type === 'identifier' ? left.text : undefined;
  }
  if (p?.type === 'as_pattern' && p.children[0] === root && p.parent?.type === 'with_item') {
    const id = child(p, 'alias')?.children[0];
    return id?.type === 'identifier' ? id.text : undefined;
  }
  return undefined;
}

type Use = 'handed' | 'harmless' | 'other';

function classify(id: PyNode, module: PyModule, resolver: PyResolver, takes: (arg: PyNode) => boolean): Use {
  const p = id.parent;
  if (!p) return 'other';
  // The binding itself: `f = ...`, `with ... as f`.
  if (p.type === 'assignment' && child(p, 'left') === id) return 'harmless';
  if (p.type === 'as_pattern_target') return 'harmless';
  if (p.type === 'parameters' || p.type === 'typed_parameter' || p.type === 'default_parameter' || p.type === 'typed_default_parameter') return 'harmless';
  // `if f is None:`
  if (p.type === 'comparison_operator' && p.children.some((c) => c.type === 'none')) return 'harmless';
  if (p.type === 'attribute' && id.field === 'object') {
    // `f.read` handed, uncalled, to asyncio.to_thread / run_in_executor runs in the thread.
    if (offloaded(p, module, resolver)) return 'handed';
    return POSITION_ONLY.has(child(p, 'attribute')?.text ?? '') ? 'harmless' : 'other';
  }
  if (p.type === 'argument_list' || p.type === 'keyword_argument') {
    return takes(id) ? 'handed' : 'other';
  }
  return 'other';
}

/** The call `arg` is an argument of (positional or keyword). */
function callOfArgument(arg: PyNode): PyNode | undefined {
  const list = arg.parent?.type === 'keyword_argument' ? arg.parent.parent : arg.parent;
  const call = list?.type === 'argument_list' ? list.parent : undefined;
  return call?.type === 'call' ? call : undefined;
}

/** `asyncio.to_thread(copy, f)`, `loop.run_in_executor(None, f.read)`: the argument is used in a thread. */
function offloaded(arg: PyNode, module: PyModule, resolver: PyResolver): boolean {
  const call = callOfArgument(arg);
  const callee = call && child(call, 'function');
  return !!callee && OFFLOADERS.has(externalName(resolver.resolve(callee, module)) ?? '');
}

/** `session.put(url, data=f)`: `f` is the argument an off-loop reader reads. */
function readerTakes(arg: PyNode, module: PyModule, resolver: PyResolver): boolean {
  const kw = arg.parent?.type === 'keyword_argument' ? arg.parent : undefined;
  const list = kw ? kw.parent : arg.parent;
  const call = list?.type === 'argument_list' ? list.parent : undefined;
  const callee = call?.type === 'call' ? child(call, 'function') : undefined;
  if (!callee || !list) return false;
  const reader = OFF_LOOP_READERS[readerName(callee, module, resolver) ?? ''];
  if (!reader) return false;
  if (kw) return child(kw, 'name')?.text === reader.keyword;
  const positional = list.children.filter((c) => c.type !== 'keyword_argument' && c.type !== 'comment');
  return reader.index !== undefined && positional[reader.index] === arg;
}

function readerName(callee: PyNode, module: PyModule, resolver: PyResolver): string | undefined {
  const name = externalName(resolver.resolve(callee, module));
  if (name) return name;
  // `async with aiohttp.ClientSession() as session: session.put(...)`, `form = aiohttp.FormData()`
  const recv = callee.type === 'attribute' ? child(callee, 'object') : undefined;
  if (recv?.type !== 'identifier') return undefined;
  const found = resolver.lookup(recv.text!, resolver.scopeOf(recv, module), module);
  const types = found?.bindings.map((b) => {
    const value = (b.kind === 'with' || b.kind === 'assign') && b.value ? unparen(b.value) : undefined;
    const maker = value?.type === 'call' ? child(value, 'function') : undefined;
    return maker && externalName(resolver.resolve(maker, module));
  });
  const type = types?.[0];
  const method = type && `${type}.${child(callee, 'attribute')?.text}`;
  return method && OFF_LOOP_READERS[method] && types.every((t) => t === type) ? method : undefined;
}
