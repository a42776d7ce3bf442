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
  'multiprocessing.Barrier': 'threading.Barrier',
  'requests.session': 'requests.Session',
  'requests.sessions.Session': 'requests.Session',
  'httpx._client.Client': 'httpx.Client',
  'pathlib.PosixPath': 'pathlib.Path',
  'pathlib.WindowsPath': 'pathlib.Path',
  // Pure paths do no I/O: they have their own type, with no blocking methods.
  'pathlib.PurePosixPath': 'pathlib.PurePath',
  'pathlib.PureWindowsPath': 'pathlib.PurePath',
  // File objects: what open() returns, and the annotations that name one. io.StringIO and
  // io.BytesIO are not here: they are memory, not files.
  'io.TextIOWrapper': 'io.File',
  'io.BufferedReader': 'io.File',
  'io.BufferedWriter': 'io.File',
  'io.BufferedRandom': 'io.File',
  'io.BufferedRWPair': 'io.File',
  'io.FileIO': 'io.File',
  '_io.TextIOWrapper': 'io.File',
  'typing.IO': 'io.File',
  'typing.TextIO': 'io.File',
  'typing.BinaryIO': 'io.File',
  'urllib3.poolmanager.PoolManager': 'urllib3.PoolManager',
  'urllib3.ProxyManager': 'urllib3.PoolManager',
  'urllib3.HTTPSConnectionPool': 'urllib3.HTTPConnectionPool',
  'urllib3.connectionpool.HTTPConnectionPool': 'urllib3.HTTPConnectionPool',
  'urllib3.connectionpool.HTTPSConnectionPool': 'urllib3.HTTPConnectionPool',
  'http.client.HTTPSConnection': 'http.client.HTTPConnection',
  'smtplib.SMTP_SSL': 'smtplib.SMTP',
  'smtplib.LMTP': 'smtplib.SMTP',
  'ftplib.FTP_TLS': 'ftplib.FTP',
  'sqlite3.dbapi2.connect': 'sqlite3.connect',
  'psycopg2.extensions.connection': 'psycopg2.connection',
  'psycopg2.extensions.cursor': 'psycopg2.cursor',
  'psycopg.connection.Connection': 'psycopg.Connection',
  'psycopg.cursor.Cursor': 'psycopg.Cursor',
  'pymysql.Connect': 'pymysql.connect',
  'pymysql.connections.Connection': 'pymysql.Connection',
  'pymysql.cursors.Cursor': 'pymysql.Cursor',
  'redis.StrictRedis': 'redis.Redis',
  'redis.client.Redis': 'redis.Redis',
  'redis.client.StrictRedis': 'redis.Redis',
  'redis.Redis.from_url': 'redis.from_url',
  'pymongo.mongo_client.MongoClient': 'pymongo.MongoClient',
  'pymongo.synchronous.mongo_client.MongoClient': 'pymongo.MongoClient',
  'pymongo.synchronous.database.Database': 'pymongo.database.Database',
  'pymongo.synchronous.collection.Collection': 'pymongo.collection.Collection',
  'boto3.session.Session': 'boto3.Session',
  'botocore.client.BaseClient': 'boto3.Client',
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
  // Web frameworks' application and router objects (hot-path.ts reads their route registrars).
  'aiohttp.web_app.Application': 'aiohttp.web.Application',
  'aiohttp.web_urldispatcher.UrlDispatcher': 'aiohttp.web.UrlDispatcher',
  'aiohttp.web_routedef.RouteTableDef': 'aiohttp.web.RouteTableDef',
  'aiohttp.web_routedef.get': 'aiohttp.web.get',
  'aiohttp.web_routedef.post': 'aiohttp.web.post',
  'aiohttp.web_routedef.route': 'aiohttp.web.route',
  'aiohttp.web_urldispatcher.View': 'aiohttp.web.View',
  'aiohttp.web_request.Request': 'aiohttp.web.Request',
  'aiohttp.web_request.BaseRequest': 'aiohttp.web.BaseRequest',
  'fastapi.applications.FastAPI': 'fastapi.FastAPI',
  'fastapi.routing.APIRouter': 'fastapi.APIRouter',
  'quart.app.Quart': 'quart.Quart',
  'quart.blueprints.Blueprint': 'quart.Blueprint',
  'flask.app.Flask': 'flask.Flask',
  'flask.blueprints.Blueprint': 'flask.Blueprint',
  'sanic.app.Sanic': 'sanic.Sanic',
};

export function canonical(qname: string): string {
  return ALIASES[qname] ?? qname;
}

/** Calling one of these returns an instance of the given type. */
export const FACTORIES: Record<string, string> = {
  ...Object.fromEntries([
    'aiohttp.web.Application', 'aiohttp.web.RouteTableDef', 'aiohttp.web.UrlDispatcher', 'fastapi.FastAPI', 'fastapi.APIRouter',
    'starlette.applications.Starlette', 'starlette.routing.Router', 'quart.Quart', 'quart.Blueprint', 'flask.Flask', 'flask.Blueprint',
    'sanic.Sanic', 'sanic.Blueprint',
  ].map((t) => [t, t])),
  // tornado's loop, for its runner `run_sync` (one-shot.ts).
  'tornado.ioloop.IOLoop': 'tornado.ioloop.IOLoop',
  'tornado.ioloop.IOLoop.current': 'tornado.ioloop.IOLoop',
  'tornado.ioloop.IOLoop.instance': 'tornado.ioloop.IOLoop',
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
  'threading.Barrier': 'threading.Barrier',
  'concurrent.futures.Future': 'concurrent.futures.Future',
  'socket.socket': 'socket.socket',
  'socket.create_connection': 'socket.socket',
  'socket.create_server': 'socket.socket',
  'socket.fromfd': 'socket.socket',
  'sqlite3.connect': 'sqlite3.Connection',
  'sqlite3.Connection': 'sqlite3.Connection',
  'sqlite3.Cursor': 'sqlite3.Cursor',
  'psycopg2.connect': 'psycopg2.connection',
  'psycopg2.connection': 'psycopg2.connection',
  'psycopg2.cursor': 'psycopg2.cursor',
  'psycopg.connect': 'psycopg.Connection',
  'psycopg.Connection.connect': 'psycopg.Connection',
  'psycopg.Connection': 'psycopg.Connection',
  'psycopg.Cursor': 'psycopg.Cursor',
  'pymysql.connect': 'pymysql.Connection',
  'pymysql.Connection': 'pymysql.Connection',
  'pymysql.Cursor': 'pymysql.Cursor',
  'redis.Redis': 'redis.Redis',
  'redis.from_url': 'redis.Redis',
  'pymongo.MongoClient': 'pymongo.MongoClient',
  'pymongo.database.Database': 'pymongo.database.Database',
  'pymongo.collection.Collection': 'pymongo.collection.Collection',
  'boto3.client': 'boto3.Client',
  'boto3.Client': 'boto3.Client',
  'boto3.Session': 'boto3.Session',
  'httpx.Client': 'httpx.Client',
  'requests.Session': 'requests.Session',
  'urllib3.PoolManager': 'urllib3.PoolManager',
  'urllib3.HTTPConnectionPool': 'urllib3.HTTPConnectionPool',
  'urllib3.connection_from_url': 'urllib3.HTTPConnectionPool',
  'http.client.HTTPConnection': 'http.client.HTTPConnection',
  'http.client.HTTPResponse': 'http.client.HTTPResponse',
  'smtplib.SMTP': 'smtplib.SMTP',
  'ftplib.FTP': 'ftplib.FTP',
  'telnetlib.Telnet': 'telnetlib.Telnet',
  'subprocess.Popen': 'subprocess.Popen',
  'pathlib.Path': 'pathlib.Path',
  'pathlib.Path.home': 'pathlib.Path',
  'pathlib.Path.cwd': 'pathlib.Path',
  'pathlib.PurePath': 'pathlib.PurePath',
  // File objects (io.File is Loopwise's own name for them; the io and typing names are ALIASES of it).
  'io.File': 'io.File',
  'builtins.open': 'io.File',
  'io.open': 'io.File',
  'io.open_code': 'io.File',
  'os.fdopen': 'io.File',
  'codecs.open': 'io.File',
  'tempfile.TemporaryFile': 'io.File',
  'tempfile.NamedTemporaryFile': 'io.File',
  // An annotation `loop: asyncio.AbstractEventLoop` names an event loop (its run_in_executor, sock_* methods).
  'asyncio.AbstractEventLoop': 'asyncio.AbstractEventLoop',
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
  ...Object.fromEntries(['joinpath', 'resolve', 'absolute', 'expanduser', 'with_suffix', 'with_name', 'with_stem', 'relative_to'].map((m) => [`pathlib.Path.${m}`, 'pathlib.Path'])),
  'pathlib.Path.open': 'io.File',
  'socket.socket.makefile': 'io.File',
  'socket.socket.accept': 'socket.socket',
  'psycopg.Connection.cursor': 'psycopg.Cursor',
  'psycopg.Connection.execute': 'psycopg.Cursor',
  'pymysql.Connection.cursor': 'pymysql.Cursor',
  'http.client.HTTPConnection.getresponse': 'http.client.HTTPResponse',
  'redis.Redis.pipeline': 'redis.client.Pipeline',
  'pymongo.MongoClient.get_database': 'pymongo.database.Database',
  'pymongo.MongoClient.get_default_database': 'pymongo.database.Database',
  'pymongo.database.Database.get_collection': 'pymongo.collection.Collection',
  'boto3.Session.client': 'boto3.Client',
  'distributed.Client.submit': 'distributed.Future',
};

/**
 * `type.attribute` → the type of that attribute (`Path.parent` is a Path). A type
 * mapped under `*` gives that type for any attribute that is not one of its methods:
 * `client.mydb.users` is a pymongo Collection.
 */
export const ATTRIBUTE_TYPES: Record<string, string> = {
  'aiohttp.web.Application.router': 'aiohttp.web.UrlDispatcher',
  'fastapi.FastAPI.router': 'fastapi.APIRouter',
  'starlette.applications.Starlette.router': 'starlette.routing.Router',
  'pathlib.Path.parent': 'pathlib.Path',
  'pymongo.MongoClient.*': 'pymongo.database.Database',
  'pymongo.database.Database.*': 'pymongo.collection.Collection',
};

/** `type` → the type of `value[key]` (`client["db"]`), and of `value / other` for paths. */
export const ITEM_TYPES: Record<string, string> = {
  'pymongo.MongoClient': 'pymongo.database.Database',
  'pymongo.database.Database': 'pymongo.collection.Collection',
};
export const DIVISION_TYPES = new Set(['pathlib.Path']);

/** The type of `type.attr`, when it is an attribute of known type rather than a method. */
export function attributeType(type: string, attr: string): string | undefined {
  return ATTRIBUTE_TYPES[`${type}.${attr}`] ?? ATTRIBUTE_TYPES[`${type}.*`];
}

/** Types whose instance is its own context manager value (`with T() as x` binds a T). */
export const SELF_ENTERING = new Set([
  'multiprocessing.pool.Pool', 'multiprocessing.pool.ThreadPool',
  'concurrent.futures.ThreadPoolExecutor', 'concurrent.futures.ProcessPoolExecutor',
  'socket.socket', 'sqlite3.Connection', 'psycopg2.connection', 'psycopg2.cursor', 'httpx.Client', 'requests.Session',
  'subprocess.Popen', 'asyncio.TaskGroup', 'joblib.Parallel', 'io.File', 'psycopg.Connection', 'psycopg.Cursor',
  'pymysql.Connection', 'pymysql.Cursor', 'redis.Redis', 'pymongo.MongoClient', 'smtplib.SMTP', 'ftplib.FTP', 'telnetlib.Telnet',
  'http.client.HTTPResponse', 'urllib3.PoolManager',
  'subprocess.Popen', 'asyncio.TaskGroup', 'joblib.Parallel', 'distributed.Client', 'distributed.LocalCluster',
]);

export { BLOCKING_FUNCTIONS, BLOCKING_METHODS, type BlockingApi, blockingApiNamed } from './blocking-apis';

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
