/**
 * Which Python APIs block the calling thread, by family. Each family says once why
 * its calls block and what to use instead, and lists its module functions and the
 * methods of the objects it hands out; `apis.ts` flattens the families into the
 * lookup tables the call graph reads. Names are canonical (`module.name`, after
 * `ALIASES`), so `from subprocess import run as sh` and `sh(...)` meet
 * `subprocess.run` here.
 *
 * Argument conditions are data too: `Lock.acquire(blocking=False)` or
 * `q.get(timeout=0)` return at once (`unless`), `smtplib.SMTP()` connects only
 * when given a host (`onlyWith`), and `os.spawnl(os.P_WAIT, …)` waits for the
 * child where `P_NOWAIT` only starts it (`onlyWhen`). blocking-args.ts reads them.
 *
 * Starting a process is not blocking: `subprocess.Popen()`, `os.posix_spawn()` and
 * `os.spawn*(os.P_NOWAIT, …)` fork and exec and return at once, as asyncio's own
 * `create_subprocess_exec()` does on the loop. Waiting for the child is
 * (`.wait()`, `.communicate()`, `subprocess.run()`, `os.waitpid()`, and the end of
 * a `with Popen(…)` block, whose `__exit__` waits).
 */

/** An argument of a call, by position and keyword. */
export interface ArgRef {
  index?: number;
  keyword: string;
}

/**
 * A test on one argument: `false` is the literal `False` or `0` (`blocking=False`),
 * `zero` the literal `0`/`0.0` (`timeout=0`), `flag` an expression naming the
 * canonical `flag` (`os.WNOHANG`, alone or or-ed with others).
 */
export interface ArgTest extends ArgRef {
  is: 'false' | 'zero' | 'flag';
  flag?: string;
}

export interface BlockingApi {
  /** What the message calls it, e.g. `time.sleep()`. */
  label: string;
  /** The asynchronous alternative, for the detail. */
  alternative: string;
  /** Why it blocks, one sentence, for the detail. */
  why?: string;
  /** Returns at once when any of these holds. */
  unless?: readonly ArgTest[];
  /** Blocks only when this argument is given (`smtplib.SMTP(host)` connects, `SMTP()` does not). */
  onlyWith?: ArgRef;
  /** Blocks only when `arg` names `equals` (`os.spawnv(os.P_WAIT, …)`); another or an unknown value starts and returns. */
  onlyWhen?: { arg: ArgRef; equals: string };
  /** Blocks only as a `with` item, for this reason (`with Popen(…)` waits for the child when the block ends). */
  onlyInWith?: string;
  /** A method of a file object opened in the same function: the `open()` is the finding. */
  openedHereIsRoot?: boolean;
  /**
   * Local file-system work: bounded and usually small (a stat, a config or pid file).
   * Reported only with evidence that it runs on a hot path (hot-path.ts); the other
   * tiers wait for something unbounded (a sleep, the network, a process, a thread).
   */
  bounded?: boolean;
}

export interface Family {
  /** The family's name in the docs' coverage list. */
  title: string;
  why: string;
  alternative: string;
  /** Module-level functions (canonical names). */
  functions?: readonly string[];
  /** `type` → its blocking methods, or `'*'` for every method but `except`. */
  methods?: Record<string, readonly string[]>;
  /** Per-API argument conditions, by canonical name (`type.method` for methods). */
  args?: Record<string, Pick<BlockingApi, 'unless' | 'onlyWith' | 'onlyWhen' | 'onlyInWith'>>;
  /** For `'*'` types: the methods that do no I/O. */
  except?: Record<string, readonly string[]>;
  /** The label's type name when it is not the last part of the type (`psycopg2.connection` → `psycopg2 connection`). */
  typeNames?: Record<string, string>;
  openedHereIsRoot?: boolean;
  /** Local file-system work (see BlockingApi.bounded). */
  bounded?: boolean;
}

const TIMEOUT0: ArgTest = { index: 0, keyword: 'timeout', is: 'zero' };
const NOWAIT_OPTIONS = (index: number): ArgTest[] => [{ index, keyword: 'options', is: 'flag', flag: 'os.WNOHANG' }];
const SPAWNS = ['l', 'le', 'lp', 'lpe', 'v', 've', 'vp', 'vpe'].map((s) => `os.spawn${s}`);
const SPAWN_WAIT = { onlyWhen: { arg: { index: 0, keyword: 'mode' }, equals: 'os.P_WAIT' } };

const PROCESS_ALT = 'asyncio.create_subprocess_exec() or asyncio.create_subprocess_shell()';
const FILE_ALT = 'await asyncio.to_thread(...), anyio (anyio.Path, anyio.open_file) or aiofiles';
const HTTP_ALT = 'httpx.AsyncClient or aiohttp (or await asyncio.to_thread(...))';

export const FAMILIES: Record<string, Family> = {
  sleep: {
    title: 'Sleeping',
    why: 'It puts the whole thread to sleep.',
    alternative: 'await asyncio.sleep()',
    functions: ['time.sleep'],
    // `time.sleep(0)` gives up the GIL to other threads and returns at once: a yield, not a wait.
    args: { 'time.sleep': { unless: [{ index: 0, keyword: 'secs', is: 'zero' }] } },
  },
  processWait: {
    title: 'Waiting for a process',
    why: 'It waits for the child process to finish.',
    alternative: PROCESS_ALT,
    functions: [
      'subprocess.run', 'subprocess.call', 'subprocess.check_call', 'subprocess.check_output', 'subprocess.getoutput',
      'subprocess.getstatusoutput', 'os.system', 'os.wait', 'os.wait3', 'os.wait4', 'os.waitid', 'os.waitpid',
      // Only with os.P_WAIT; other modes start the child and return (SPAWN_WAIT).
      ...SPAWNS,
      // Only as `with Popen(…)`, whose exit waits; `Popen()` alone starts the child and returns.
      'subprocess.Popen',
    ],
    methods: { 'subprocess.Popen': ['wait', 'communicate'] },
    args: {
      'os.waitpid': { unless: NOWAIT_OPTIONS(1) },
      'os.wait3': { unless: NOWAIT_OPTIONS(0) },
      'os.wait4': { unless: NOWAIT_OPTIONS(1) },
      'os.waitid': { unless: NOWAIT_OPTIONS(2) },
      'subprocess.Popen.wait': { unless: [TIMEOUT0] },
      'subprocess.Popen.communicate': { unless: [{ index: 1, keyword: 'timeout', is: 'zero' }] },
      ...Object.fromEntries(SPAWNS.map((s) => [s, SPAWN_WAIT])),
      'subprocess.Popen': { onlyInWith: 'Leaving a with Popen(...) block waits for the child process to exit.' },
    },
  },
  shellPipe: {
    title: 'Reading a shell pipe',
    why: 'os.popen() runs a shell whose output is read, and whose close() waits for it, in this thread.',
    alternative: PROCESS_ALT,
    functions: ['os.popen'],
  },
  files: {
    title: 'Files and the file system',
    why: 'File and file-system calls wait for the disk, or for the network on a network file system.',
    alternative: FILE_ALT,
    functions: [
      'builtins.open', 'io.open', 'io.open_code', 'os.fdopen', 'codecs.open',
      'os.stat', 'os.lstat', 'os.listdir', 'os.scandir', 'os.walk', 'os.makedirs', 'os.mkdir', 'os.remove', 'os.unlink',
      'os.rename', 'os.renames', 'os.replace', 'os.rmdir', 'os.removedirs', 'os.chmod', 'os.chown', 'os.utime', 'os.link',
      'os.symlink', 'os.readlink', 'os.truncate', 'os.access', 'os.statvfs', 'os.fsync',
      'os.path.exists', 'os.path.lexists', 'os.path.isfile', 'os.path.isdir', 'os.path.islink', 'os.path.ismount',
      'os.path.getsize', 'os.path.getmtime', 'os.path.getatime', 'os.path.getctime', 'os.path.samefile',
      'shutil.copy', 'shutil.copy2', 'shutil.copyfile', 'shutil.copyfileobj', 'shutil.copymode', 'shutil.copystat',
      'shutil.copytree', 'shutil.move', 'shutil.rmtree', 'shutil.disk_usage', 'shutil.make_archive', 'shutil.unpack_archive',
      'shutil.chown', 'tempfile.TemporaryFile', 'tempfile.NamedTemporaryFile', 'tempfile.mkstemp', 'tempfile.mkdtemp',
      'tempfile.TemporaryDirectory', 'glob.glob',
    ],
    methods: {
      'pathlib.Path': [
        'read_text', 'read_bytes', 'write_text', 'write_bytes', 'open', 'iterdir', 'glob', 'rglob', 'walk', 'stat', 'lstat',
        'exists', 'is_file', 'is_dir', 'is_symlink', 'is_mount', 'resolve', 'mkdir', 'unlink', 'rename', 'replace', 'touch',
        'rmdir', 'chmod', 'samefile', 'readlink', 'symlink_to', 'hardlink_to', 'owner', 'group',
      ],
    },
    typeNames: { 'pathlib.Path': 'Path' },
    bounded: true,
  },
  fileObjects: {
    title: 'File objects',
    why: 'A file object reads and writes the disk in this thread.',
    alternative: FILE_ALT,
    methods: { 'io.File': ['read', 'read1', 'readinto', 'readline', 'readlines', 'write', 'writelines', 'flush', 'truncate'] },
    typeNames: { 'io.File': 'file' },
    openedHereIsRoot: true,
    bounded: true,
  },
  input: {
    title: 'Standard input',
    why: 'It waits for a line on standard input.',
    alternative: 'await asyncio.to_thread(input, ...)',
    functions: ['builtins.input'],
  },
  http: {
    title: 'HTTP',
    why: 'It waits for the whole network round trip.',
    alternative: HTTP_ALT,
    functions: [
      'urllib.request.urlopen', 'urllib.request.urlretrieve', 'urllib3.request',
      ...['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request'].map((v) => `requests.${v}`),
    ],
    methods: {
      'requests.Session': ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'send'],
      'urllib3.PoolManager': ['request', 'urlopen', 'request_encode_url', 'request_encode_body'],
      'urllib3.HTTPConnectionPool': ['request', 'urlopen', 'request_encode_url', 'request_encode_body'],
      'http.client.HTTPConnection': ['request', 'getresponse', 'connect', 'send', 'endheaders'],
      'http.client.HTTPResponse': ['read', 'read1', 'readinto', 'readline', 'readlines'],
    },
    typeNames: { 'requests.Session': 'requests.Session', 'urllib3.PoolManager': 'urllib3.PoolManager', 'urllib3.HTTPConnectionPool': 'urllib3 connection pool' },
  },
  httpx: {
    title: 'httpx (sync)',
    why: 'A sync httpx client waits for the whole network round trip.',
    alternative: 'httpx.AsyncClient',
    functions: ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'stream'].map((v) => `httpx.${v}`),
    methods: { 'httpx.Client': ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'send', 'stream', 'close'] },
    typeNames: { 'httpx.Client': 'httpx.Client' },
  },
  sockets: {
    title: 'Sockets',
    why: 'A blocking socket waits for the peer.',
    alternative: 'asyncio streams (asyncio.open_connection, asyncio.start_server) or the loop.sock_* methods',
    functions: ['socket.create_connection'],
    methods: {
      'socket.socket': ['recv', 'recv_into', 'recvfrom', 'recvfrom_into', 'recvmsg', 'send', 'sendall', 'sendto', 'sendmsg', 'sendfile', 'accept', 'connect', 'connect_ex'],
    },
    typeNames: { 'socket.socket': 'socket' },
  },
  dns: {
    title: 'DNS',
    why: 'It waits for a DNS lookup.',
    alternative: 'await loop.getaddrinfo() / loop.getnameinfo()',
    functions: ['socket.getaddrinfo', 'socket.gethostbyname', 'socket.gethostbyname_ex', 'socket.gethostbyaddr', 'socket.getnameinfo', 'socket.getfqdn'],
    // With NI_NUMERICHOST the address is formatted, not looked up (aiohttp's resolver does this for link-local IPv6).
    args: { 'socket.getnameinfo': { unless: [{ index: 1, keyword: 'flags', is: 'flag', flag: 'socket.NI_NUMERICHOST' }] } },
  },
  smtp: {
    title: 'SMTP',
    why: 'It waits for the mail server.',
    alternative: 'aiosmtplib (or await asyncio.to_thread(...))',
    functions: ['smtplib.SMTP'],
    methods: {
      'smtplib.SMTP': ['connect', 'helo', 'ehlo', 'ehlo_or_helo_if_needed', 'starttls', 'login', 'auth', 'sendmail', 'send_message', 'quit', 'noop', 'rset', 'verify', 'docmd', 'mail', 'rcpt', 'data'],
    },
    args: { 'smtplib.SMTP': { onlyWith: { index: 0, keyword: 'host' } } },
  },
  ftp: {
    title: 'FTP',
    why: 'It waits for the FTP server.',
    alternative: 'aioftp (or await asyncio.to_thread(...))',
    functions: ['ftplib.FTP'],
    methods: {
      'ftplib.FTP': ['connect', 'login', 'cwd', 'pwd', 'dir', 'nlst', 'mlsd', 'retrbinary', 'retrlines', 'storbinary', 'storlines', 'delete', 'rename', 'mkd', 'rmd', 'size', 'quit', 'sendcmd', 'voidcmd', 'transfercmd', 'ntransfercmd', 'prot_p', 'abort'],
    },
    args: { 'ftplib.FTP': { onlyWith: { index: 0, keyword: 'host' } } },
  },
  telnet: {
    title: 'Telnet',
    why: 'It waits for the Telnet server.',
    alternative: 'telnetlib3 or asyncio streams',
    functions: ['telnetlib.Telnet'],
    methods: { 'telnetlib.Telnet': ['open', 'read_until', 'read_all', 'read_some', 'expect', 'write', 'interact'] },
    args: { 'telnetlib.Telnet': { onlyWith: { index: 0, keyword: 'host' } } },
  },
  sqlite: {
    title: 'SQLite',
    why: 'sqlite3 reads and writes the database file in this thread.',
    alternative: 'aiosqlite (or await asyncio.to_thread(...))',
    functions: ['sqlite3.connect'],
    methods: {
      'sqlite3.Connection': ['execute', 'executemany', 'executescript', 'commit', 'rollback', 'backup'],
      'sqlite3.Cursor': ['execute', 'executemany', 'executescript', 'fetchone', 'fetchall', 'fetchmany'],
    },
    typeNames: { 'sqlite3.Connection': 'sqlite3 Connection', 'sqlite3.Cursor': 'sqlite3 Cursor' },
  },
  postgres: {
    title: 'PostgreSQL',
    why: 'A sync PostgreSQL driver waits for the server.',
    alternative: 'psycopg AsyncConnection (await psycopg.AsyncConnection.connect(...)) or asyncpg',
    functions: ['psycopg2.connect', 'psycopg.connect', 'psycopg.Connection.connect'],
    methods: {
      'psycopg2.connection': ['commit', 'rollback'],
      'psycopg2.cursor': ['execute', 'executemany', 'callproc', 'fetchone', 'fetchall', 'fetchmany', 'copy_from', 'copy_to', 'copy_expert'],
      'psycopg.Connection': ['execute', 'commit', 'rollback'],
      'psycopg.Cursor': ['execute', 'executemany', 'fetchone', 'fetchall', 'fetchmany', 'copy', 'stream'],
    },
    typeNames: { 'psycopg2.connection': 'psycopg2 connection', 'psycopg2.cursor': 'psycopg2 cursor', 'psycopg.Connection': 'psycopg Connection', 'psycopg.Cursor': 'psycopg Cursor' },
  },
  mysql: {
    title: 'MySQL',
    why: 'PyMySQL waits for the MySQL server.',
    alternative: 'aiomysql or asyncmy (or await asyncio.to_thread(...))',
    functions: ['pymysql.connect', 'pymysql.Connection'],
    methods: {
      'pymysql.Connection': ['commit', 'rollback', 'ping', 'select_db', 'query'],
      'pymysql.Cursor': ['execute', 'executemany', 'callproc', 'fetchone', 'fetchall', 'fetchmany'],
    },
    typeNames: { 'pymysql.Connection': 'pymysql Connection', 'pymysql.Cursor': 'pymysql Cursor' },
  },
  redis: {
    title: 'Redis',
    why: 'A sync redis client waits for the server on every command.',
    alternative: 'redis.asyncio (await redis.asyncio.Redis(...).get(...))',
    methods: { 'redis.Redis': ['*'], 'redis.client.Pipeline': ['execute'] },
    except: { 'redis.Redis': ['pipeline', 'pubsub', 'lock', 'register_script', 'get_encoder', 'get_connection_kwargs', 'set_response_callback', 'from_url', 'from_pool'] },
    typeNames: { 'redis.Redis': 'redis.Redis', 'redis.client.Pipeline': 'redis Pipeline' },
  },
  mongo: {
    title: 'MongoDB',
    why: 'A pymongo call waits for the MongoDB server.',
    alternative: 'pymongo AsyncMongoClient or motor (or await asyncio.to_thread(...))',
    methods: {
      'pymongo.MongoClient': ['server_info', 'list_database_names', 'drop_database'],
      'pymongo.database.Database': ['command', 'list_collection_names', 'create_collection', 'drop_collection'],
      'pymongo.collection.Collection': [
        'find_one', 'insert_one', 'insert_many', 'update_one', 'update_many', 'replace_one', 'delete_one', 'delete_many',
        'aggregate', 'count_documents', 'estimated_document_count', 'distinct', 'find_one_and_delete', 'find_one_and_replace',
        'find_one_and_update', 'bulk_write', 'create_index', 'create_indexes', 'drop', 'drop_index', 'list_indexes',
      ],
    },
    typeNames: { 'pymongo.MongoClient': 'pymongo MongoClient', 'pymongo.database.Database': 'pymongo Database', 'pymongo.collection.Collection': 'pymongo Collection' },
  },
  boto3: {
    title: 'AWS (boto3)',
    why: 'A boto3 client call waits for the AWS API.',
    alternative: 'aioboto3 / aiobotocore (or await asyncio.to_thread(...))',
    methods: { 'boto3.Client': ['*'] },
    except: { 'boto3.Client': ['get_paginator', 'get_waiter', 'can_paginate', 'generate_presigned_url', 'generate_presigned_post', 'close'] },
    typeNames: { 'boto3.Client': 'boto3 client' },
  },
  threadSync: {
    title: 'Threads, locks and futures',
    why: 'It waits for another thread.',
    alternative: 'the asyncio primitive (asyncio.Lock, asyncio.Event, asyncio.Condition, asyncio.Semaphore), or await asyncio.to_thread(...)',
    functions: ['concurrent.futures.wait'],
    methods: {
      'threading.Lock': ['acquire'],
      'threading.Semaphore': ['acquire'],
      'threading.Condition': ['acquire', 'wait', 'wait_for'],
      'threading.Event': ['wait'],
      'threading.Barrier': ['wait'],
      'threading.Thread': ['join'],
      'multiprocessing.Process': ['join'],
      'concurrent.futures.Future': ['result', 'exception'],
      'multiprocessing.pool.AsyncResult': ['get', 'wait'],
      'multiprocessing.pool.Pool': ['map', 'apply', 'starmap', 'join'],
      'multiprocessing.pool.ThreadPool': ['map', 'apply', 'starmap', 'join'],
    },
    args: {
      ...Object.fromEntries(['threading.Lock.acquire', 'threading.Semaphore.acquire', 'threading.Condition.acquire'].map((m) => [m, { unless: [{ index: 0, keyword: 'blocking', is: 'false' }, { index: 1, keyword: 'timeout', is: 'zero' }] as ArgTest[] }])),
      ...Object.fromEntries(['threading.Condition.wait', 'threading.Event.wait', 'threading.Barrier.wait', 'threading.Thread.join', 'multiprocessing.Process.join', 'concurrent.futures.Future.result', 'concurrent.futures.Future.exception', 'multiprocessing.pool.AsyncResult.get', 'multiprocessing.pool.AsyncResult.wait'].map((m) => [m, { unless: [TIMEOUT0] }])),
      'threading.Condition.wait_for': { unless: [{ index: 1, keyword: 'timeout', is: 'zero' }] },
      'concurrent.futures.wait': { unless: [{ index: 1, keyword: 'timeout', is: 'zero' }] },
    },
    typeNames: { 'multiprocessing.pool.Pool': 'Pool', 'multiprocessing.pool.ThreadPool': 'ThreadPool' },
  },
  queues: {
    title: 'Thread queues',
    why: 'It waits for another thread to fill or drain the queue.',
    alternative: 'asyncio.Queue, or get_nowait()/put_nowait()',
    methods: { 'queue.Queue': ['get', 'put', 'join'] },
    args: {
      'queue.Queue.get': { unless: [{ index: 0, keyword: 'block', is: 'false' }, { index: 1, keyword: 'timeout', is: 'zero' }] },
      'queue.Queue.put': { unless: [{ index: 1, keyword: 'block', is: 'false' }, { index: 2, keyword: 'timeout', is: 'zero' }] },
    },
  },
};

function labelOf(qname: string, family: Family, type?: string): string {
  if (!type) return `${qname.startsWith('builtins.') ? qname.slice('builtins.'.length) : qname}()`;
  const method = qname.slice(type.length + 1);
  return `${family.typeNames?.[type] ?? type.split('.').pop()}.${method}()`;
}

function apiOf(qname: string, family: Family, type?: string): BlockingApi {
  const api: BlockingApi = { label: labelOf(qname, family, type), alternative: family.alternative, why: family.why, ...family.args?.[qname] };
  if (family.openedHereIsRoot) api.openedHereIsRoot = true;
  if (family.bounded) api.bounded = true;
  return api;
}

/** Module functions that block, by canonical name. */
export const BLOCKING_FUNCTIONS: Record<string, BlockingApi> = {};
/** `type.method` that block. */
export const BLOCKING_METHODS: Record<string, BlockingApi> = {};
/** Types every method of which blocks, but the ones listed. */
const ALL_METHODS = new Map<string, { family: Family; except: Set<string> }>();

for (const family of Object.values(FAMILIES)) {
  for (const f of family.functions ?? []) BLOCKING_FUNCTIONS[f] = apiOf(f, family);
  for (const [type, methods] of Object.entries(family.methods ?? {})) {
    for (const m of methods) {
      if (m === '*') ALL_METHODS.set(type, { family, except: new Set(family.except?.[type] ?? []) });
      else BLOCKING_METHODS[`${type}.${m}`] = apiOf(`${type}.${m}`, family, type);
    }
  }
}

/** The blocking API a canonical name (`module.fn` or `type.method`) is, if any. */
export function blockingApiNamed(qname: string): BlockingApi | undefined {
  const known = BLOCKING_FUNCTIONS[qname] ?? BLOCKING_METHODS[qname];
  if (known) return known;
  const dot = qname.lastIndexOf('.');
  const all = dot > 0 ? ALL_METHODS.get(qname.slice(0, dot)) : undefined;
  const method = qname.slice(dot + 1);
  if (!all || all.except.has(method) || method.startsWith('_')) return undefined;
  return apiOf(qname, all.family, qname.slice(0, dot));
}
