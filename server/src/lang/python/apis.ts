/**
 * What Loopwise knows about the standard library and a few popular packages:
 * which calls block, which constructors make which objects, and which methods
 * of those objects block. Names are fully qualified (`module.name`), after
 * import aliases are resolved, so a user's own `sleep` never matches.
 */

/** Other spellings of the same object, mapped to one canonical name. */
export const ALIASES: Record<string, string> = {
  'multiprocessing.Pool': 'multiprocessing.pool.Pool',
  'multiprocessing.context.Process': 'multiprocessing.Process',
  'multiprocessing.dummy.Pool': 'multiprocessing.pool.ThreadPool',
  'concurrent.futures.thread.ThreadPoolExecutor': 'concurrent.futures.ThreadPoolExecutor',
  'concurrent.futures.process.ProcessPoolExecutor': 'concurrent.futures.ProcessPoolExecutor',
  'concurrent.futures._base.Future': 'concurrent.futures.Future',
  'queue.LifoQueue': 'queue.Queue',
  'queue.PriorityQueue': 'queue.Queue',
  'multiprocessing.Queue': 'queue.Queue',
  'multiprocessing.JoinableQueue': 'queue.Queue',
  'threading.RLock': 'threading.Lock',
  'threading._RLock': 'threading.Lock',
  'threading.BoundedSemaphore': 'threading.Semaphore',
  'multiprocessing.Lock': 'threading.Lock',
  'multiprocessing.RLock': 'threading.Lock',
  'multiprocessing.Semaphore': 'threading.Semaphore',
  'multiprocessing.BoundedSemaphore': 'threading.Semaphore',
  'socket.create_connection': 'socket.socket',
  'socket.create_server': 'socket.socket',
  'httpx.Client': 'httpx.Client',
  'requests.Session': 'requests.Session',
  'requests.session': 'requests.Session',
  'pathlib.PurePath': 'pathlib.Path',
  'pathlib.PosixPath': 'pathlib.Path',
  'pathlib.WindowsPath': 'pathlib.Path',
  'asyncio.tasks.create_task': 'asyncio.create_task',
  'asyncio.tasks.ensure_future': 'asyncio.ensure_future',
  // Scale-out engines: the spellings their docs use, to one name each.
  'dask.distributed.Client': 'distributed.Client',
  'distributed.client.Client': 'distributed.Client',
  'dask.distributed.LocalCluster': 'distributed.LocalCluster',
  'distributed.deploy.LocalCluster': 'distributed.LocalCluster',
  'distributed.deploy.local.LocalCluster': 'distributed.LocalCluster',
  'dask.delayed.delayed': 'dask.delayed',
  'dask.base.compute': 'dask.compute',
  'joblib.parallel.delayed': 'joblib.delayed',
  'joblib.parallel.Parallel': 'joblib.Parallel',
  'sklearn.utils.parallel.delayed': 'joblib.delayed',
  'sklearn.utils.parallel.Parallel': 'joblib.Parallel',
  'sklearn.utils.fixes.delayed': 'joblib.delayed',
  'ray.worker.get': 'ray.get',
  'dask.distributed.get_client': 'distributed.get_client',
  'distributed.worker.get_client': 'distributed.get_client',
};

export function canonical(qname: string): string {
  return ALIASES[qname] ?? qname;
}

/** Calling one of these returns an instance of the given type. */
export const FACTORIES: Record<string, string> = {
  'threading.Lock': 'threading.Lock',
  'threading.Semaphore': 'threading.Semaphore',
  'threading.Condition': 'threading.Condition',
  'threading.Event': 'threading.Event',
  'threading.Thread': 'threading.Thread',
  'threading.Timer': 'threading.Thread',
  'multiprocessing.Process': 'multiprocessing.Process',
  'multiprocessing.pool.Pool': 'multiprocessing.pool.Pool',
  'multiprocessing.pool.ThreadPool': 'multiprocessing.pool.ThreadPool',
  'multiprocessing.Event': 'threading.Event',
  'multiprocessing.Condition': 'threading.Condition',
  'concurrent.futures.ThreadPoolExecutor': 'concurrent.futures.ThreadPoolExecutor',
  'concurrent.futures.ProcessPoolExecutor': 'concurrent.futures.ProcessPoolExecutor',
  'queue.Queue': 'queue.Queue',
  'queue.SimpleQueue': 'queue.Queue',
  'socket.socket': 'socket.socket',
  'sqlite3.connect': 'sqlite3.Connection',
  'psycopg2.connect': 'psycopg2.connection',
  'httpx.Client': 'httpx.Client',
  'requests.Session': 'requests.Session',
  'subprocess.Popen': 'subprocess.Popen',
  'pathlib.Path': 'pathlib.Path',
  'asyncio.get_event_loop': 'asyncio.AbstractEventLoop',
  'asyncio.get_running_loop': 'asyncio.AbstractEventLoop',
  'asyncio.new_event_loop': 'asyncio.AbstractEventLoop',
  'asyncio.TaskGroup': 'asyncio.TaskGroup',
  'asyncio.Lock': 'asyncio.Lock',
  'joblib.Parallel': 'joblib.Parallel',
  'distributed.Client': 'distributed.Client',
  'distributed.LocalCluster': 'distributed.LocalCluster',
  // The client a task or a script already has: the same methods, but not this code's to close.
  'distributed.get_client': 'distributed.Client',
};

/** `type.method` → the type its call returns. */
export const METHOD_RESULTS: Record<string, string> = {
  'sqlite3.Connection.cursor': 'sqlite3.Cursor',
  'sqlite3.Connection.execute': 'sqlite3.Cursor',
  'psycopg2.connection.cursor': 'psycopg2.cursor',
  'concurrent.futures.ThreadPoolExecutor.submit': 'concurrent.futures.Future',
  'concurrent.futures.ProcessPoolExecutor.submit': 'concurrent.futures.Future',
  'asyncio.AbstractEventLoop.create_task': 'asyncio.Task',
  'asyncio.TaskGroup.create_task': 'asyncio.Task',
  'multiprocessing.pool.Pool.apply_async': 'multiprocessing.pool.AsyncResult',
  'multiprocessing.pool.ThreadPool.apply_async': 'multiprocessing.pool.AsyncResult',
  'pathlib.Path.joinpath': 'pathlib.Path',
  'pathlib.Path.resolve': 'pathlib.Path',
  'pathlib.Path.with_suffix': 'pathlib.Path',
  'distributed.Client.submit': 'distributed.Future',
};

/** Types whose instance is its own context manager value (`with T() as x` binds a T). */
export const SELF_ENTERING = new Set([
  'multiprocessing.pool.Pool', 'multiprocessing.pool.ThreadPool',
  'concurrent.futures.ThreadPoolExecutor', 'concurrent.futures.ProcessPoolExecutor',
  'socket.socket', 'sqlite3.Connection', 'psycopg2.connection', 'psycopg2.cursor', 'httpx.Client', 'requests.Session',
  'subprocess.Popen', 'asyncio.TaskGroup', 'joblib.Parallel', 'distributed.Client', 'distributed.LocalCluster',
]);

export interface BlockingApi {
  /** What the message calls it, e.g. `time.sleep()`. */
  label: string;
  /** The asynchronous alternative, for the message. */
  alternative: string;
}

const HTTP_ALT = 'an async client (httpx.AsyncClient, aiohttp) or await asyncio.to_thread(...)';
const SUBPROCESS_ALT = 'asyncio.create_subprocess_exec()';
const FILE_ALT = 'await asyncio.to_thread(...) (or aiofiles)';
const DB_ALT = 'an async driver (aiosqlite, asyncpg, psycopg 3 async) or await asyncio.to_thread(...)';

/** Module-level functions that block the calling thread. */
export const BLOCKING_FUNCTIONS: Record<string, BlockingApi> = {
  'time.sleep': { label: 'time.sleep()', alternative: 'await asyncio.sleep()' },
  'urllib.request.urlopen': { label: 'urllib.request.urlopen()', alternative: HTTP_ALT },
  'subprocess.run': { label: 'subprocess.run()', alternative: SUBPROCESS_ALT },
  'subprocess.call': { label: 'subprocess.call()', alternative: SUBPROCESS_ALT },
  'subprocess.check_call': { label: 'subprocess.check_call()', alternative: SUBPROCESS_ALT },
  'subprocess.check_output': { label: 'subprocess.check_output()', alternative: SUBPROCESS_ALT },
  'subprocess.getoutput': { label: 'subprocess.getoutput()', alternative: SUBPROCESS_ALT },
  'subprocess.getstatusoutput': { label: 'subprocess.getstatusoutput()', alternative: SUBPROCESS_ALT },
  'os.system': { label: 'os.system()', alternative: SUBPROCESS_ALT },
  'os.popen': { label: 'os.popen()', alternative: SUBPROCESS_ALT },
  'os.wait': { label: 'os.wait()', alternative: SUBPROCESS_ALT },
  'os.waitpid': { label: 'os.waitpid()', alternative: SUBPROCESS_ALT },
  'builtins.open': { label: 'open()', alternative: FILE_ALT },
  'io.open': { label: 'io.open()', alternative: FILE_ALT },
  'builtins.input': { label: 'input()', alternative: 'await asyncio.to_thread(input, ...)' },
  'shutil.copyfile': { label: 'shutil.copyfile()', alternative: FILE_ALT },
  'shutil.copy': { label: 'shutil.copy()', alternative: FILE_ALT },
  'shutil.copy2': { label: 'shutil.copy2()', alternative: FILE_ALT },
  'shutil.copytree': { label: 'shutil.copytree()', alternative: FILE_ALT },
  'shutil.rmtree': { label: 'shutil.rmtree()', alternative: FILE_ALT },
  'shutil.move': { label: 'shutil.move()', alternative: FILE_ALT },
  'socket.create_connection': { label: 'socket.create_connection()', alternative: 'asyncio.open_connection()' },
  'socket.getaddrinfo': { label: 'socket.getaddrinfo()', alternative: 'loop.getaddrinfo()' },
  'socket.gethostbyname': { label: 'socket.gethostbyname()', alternative: 'loop.getaddrinfo()' },
  'sqlite3.connect': { label: 'sqlite3.connect()', alternative: DB_ALT },
  'psycopg2.connect': { label: 'psycopg2.connect()', alternative: DB_ALT },
};
for (const verb of ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request']) {
  BLOCKING_FUNCTIONS[`requests.${verb}`] = { label: `requests.${verb}()`, alternative: HTTP_ALT };
  BLOCKING_FUNCTIONS[`httpx.${verb}`] = { label: `httpx.${verb}()`, alternative: 'httpx.AsyncClient' };
}

export interface BlockingMethod extends BlockingApi {
  /** Not blocking when called with one of these keywords (e.g. `timeout=`), or with `blocking=False`. */
  unlessKeyword?: string[];
  /** Not blocking when this many positional arguments or more are given. */
  unlessPositional?: number;
}

/** `type.method` that block. */
export const BLOCKING_METHODS: Record<string, BlockingMethod> = {
  'threading.Lock.acquire': { label: 'Lock.acquire()', alternative: 'asyncio.Lock with async with', unlessKeyword: ['timeout', 'blocking'], unlessPositional: 1 },
  'threading.Semaphore.acquire': { label: 'Semaphore.acquire()', alternative: 'asyncio.Semaphore', unlessKeyword: ['timeout', 'blocking'], unlessPositional: 1 },
  'threading.Condition.wait': { label: 'Condition.wait()', alternative: 'asyncio.Condition' },
  'threading.Event.wait': { label: 'Event.wait()', alternative: 'asyncio.Event' },
  'queue.Queue.get': { label: 'Queue.get()', alternative: 'asyncio.Queue or a timeout', unlessKeyword: ['timeout', 'block'], unlessPositional: 1 },
  'queue.Queue.put': { label: 'Queue.put()', alternative: 'asyncio.Queue or a timeout', unlessKeyword: ['timeout', 'block'], unlessPositional: 2 },
  'queue.Queue.join': { label: 'Queue.join()', alternative: 'asyncio.Queue' },
  'threading.Thread.join': { label: 'Thread.join()', alternative: 'await asyncio.to_thread(t.join)' },
  'multiprocessing.Process.join': { label: 'Process.join()', alternative: 'await asyncio.to_thread(p.join)' },
  'concurrent.futures.Future.result': { label: 'Future.result()', alternative: 'await asyncio.wrap_future(fut)' },
  'multiprocessing.pool.AsyncResult.get': { label: 'AsyncResult.get()', alternative: 'await asyncio.to_thread(r.get)' },
  'subprocess.Popen.wait': { label: 'Popen.wait()', alternative: SUBPROCESS_ALT },
  'subprocess.Popen.communicate': { label: 'Popen.communicate()', alternative: SUBPROCESS_ALT },
  'pathlib.Path.read_text': { label: 'Path.read_text()', alternative: FILE_ALT },
  'pathlib.Path.read_bytes': { label: 'Path.read_bytes()', alternative: FILE_ALT },
  'pathlib.Path.write_text': { label: 'Path.write_text()', alternative: FILE_ALT },
  'pathlib.Path.write_bytes': { label: 'Path.write_bytes()', alternative: FILE_ALT },
  'pathlib.Path.open': { label: 'Path.open()', alternative: FILE_ALT },
};
for (const m of ['recv', 'recv_into', 'recvfrom', 'send', 'sendall', 'sendto', 'accept', 'connect', 'makefile']) {
  BLOCKING_METHODS[`socket.socket.${m}`] = { label: `socket.${m}()`, alternative: 'asyncio streams (asyncio.open_connection) or the loop.sock_* methods' };
}
for (const m of ['execute', 'executemany', 'executescript', 'commit', 'rollback']) {
  BLOCKING_METHODS[`sqlite3.Connection.${m}`] = { label: `sqlite3 Connection.${m}()`, alternative: DB_ALT };
}
for (const m of ['execute', 'executemany', 'executescript', 'fetchone', 'fetchall', 'fetchmany']) {
  BLOCKING_METHODS[`sqlite3.Cursor.${m}`] = { label: `sqlite3 Cursor.${m}()`, alternative: DB_ALT };
  BLOCKING_METHODS[`psycopg2.cursor.${m}`] = { label: `psycopg2 cursor.${m}()`, alternative: DB_ALT };
}
for (const m of ['commit', 'rollback']) BLOCKING_METHODS[`psycopg2.connection.${m}`] = { label: `psycopg2 connection.${m}()`, alternative: DB_ALT };
for (const verb of ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'send', 'stream']) {
  BLOCKING_METHODS[`httpx.Client.${verb}`] = { label: `httpx.Client.${verb}()`, alternative: 'httpx.AsyncClient' };
  BLOCKING_METHODS[`requests.Session.${verb}`] = { label: `requests.Session.${verb}()`, alternative: HTTP_ALT };
}

/** Wrappers that run their callable argument off the event loop. */
export const OFFLOADERS = new Set(['asyncio.to_thread', 'asyncio.AbstractEventLoop.run_in_executor']);

export const LOCK_TYPES = new Set(['threading.Lock', 'threading.Semaphore', 'threading.Condition']);
export const THREAD_EXECUTORS = new Set(['concurrent.futures.ThreadPoolExecutor', 'multiprocessing.pool.ThreadPool']);
export const PROCESS_EXECUTORS = new Set(['concurrent.futures.ProcessPoolExecutor', 'multiprocessing.pool.Pool']);
export const POOL_TYPES = new Set([...THREAD_EXECUTORS, ...PROCESS_EXECUTORS, 'multiprocessing.Process']);

/** Pool methods whose first argument is a callable run by a worker. */
export const TASK_METHODS = new Set(['submit', 'map', 'apply', 'apply_async', 'map_async', 'imap', 'imap_unordered', 'starmap', 'starmap_async']);

/** Builtins and math functions that compute without I/O: calls to them keep a function CPU-bound. */
export const PURE_FUNCTIONS = new Set([
  'builtins.len', 'builtins.range', 'builtins.abs', 'builtins.min', 'builtins.max', 'builtins.sum', 'builtins.int',
  'builtins.float', 'builtins.str', 'builtins.bool', 'builtins.list', 'builtins.dict', 'builtins.set', 'builtins.tuple',
  'builtins.sorted', 'builtins.reversed', 'builtins.enumerate', 'builtins.zip', 'builtins.pow', 'builtins.divmod',
  'builtins.round', 'builtins.hash', 'builtins.isinstance', 'builtins.ord', 'builtins.chr', 'builtins.any', 'builtins.all',
  'builtins.map', 'builtins.filter', 'builtins.iter', 'builtins.next', 'builtins.frozenset', 'builtins.bytes',
]);
export const PURE_MODULES = ['math.', 'cmath.', 'operator.', 'itertools.', 'functools.reduce', 'statistics.', 'bisect.', 'heapq.'];

/** Builtin names resolve to `builtins.<name>` when nothing in scope shadows them. */
export const BUILTIN_NAMES = new Set([
  'open', 'input', 'print', 'len', 'range', 'abs', 'min', 'max', 'sum', 'int', 'float', 'str', 'bool', 'list', 'dict',
  'set', 'tuple', 'sorted', 'reversed', 'enumerate', 'zip', 'pow', 'divmod', 'round', 'hash', 'isinstance', 'ord', 'chr',
  'any', 'all', 'map', 'filter', 'iter', 'next', 'frozenset', 'bytes', 'super', 'getattr', 'setattr', 'hasattr', 'type',
  'object', 'repr', 'id', 'callable', 'vars', 'format', 'bytearray', 'memoryview', 'issubclass', 'exec', 'eval', 'compile',
]);
