"""The Python side of Loopwise's profiler (shipped as dist/profile-runner.py).

python/run-python.ts runs it with the selected interpreter in its own process group. It
reads one JSON request on stdin and writes JSON lines (progress, then result or failure)
to its original stdout; user code's prints go to stderr. Nothing it or the tasks start
outlives it: it is a child subreaper, so children that called setsid stay below it; a
thread watches for the engine's process to go; and what the tasks leave running is
reported and killed.
"""
import asyncio, importlib.util, inspect, json, math, os, pickle, sys, threading, time, traceback
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
import multiprocessing as mp

_fn = None
_OUT = None
# Set in the free-threaded pass: each task also records how long its thread waited for a
# core (run-queue time), which tells whether the pool had the cores to scale on.
_TASK_WAITS = False

_PR_SET_CHILD_SUBREAPER = 36
# How often the watchdog looks whether the engine's process is still the parent.
_WATCH_EVERY_S = 0.2


def _become_subreaper():
    """Orphans of the tasks (a detached child's children, a double fork) are re-parented
    to this process instead of init, so that _descendants() still finds them."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes
        return ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except Exception:
        return False


def _proc_table():
    table = []
    try:
        names = os.listdir("/proc")
    except OSError:
        return table
    for name in names:
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name, "rb") as f:
                stat = f.read().decode("latin-1")
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        table.append((int(name), int(fields[1]), int(fields[2]), int(fields[3]), fields[0] == "Z"))
    return table


def _descendants(root=None):
    """Live processes below this one: children and theirs, and members of a process group
    or session one of them leads (the same rule as process-tree.ts)."""
    root = os.getpid() if root is None else root
    table = _proc_table()
    mine = {root}
    grew = True
    while grew:
        grew = False
        for pid, ppid, pgid, sid, _ in table:
            if pid not in mine and (ppid in mine or pgid in mine or sid in mine):
                mine.add(pid)
                grew = True
    mine.discard(root)
    zombies = {pid for pid, _, _, _, z in table if z}
    return sorted(mine - zombies)


def _describe_pids(pids):
    out = []
    for pid in pids:
        try:
            with open("/proc/%d/cmdline" % pid, "rb") as f:
                cmd = " ".join(a.decode("utf-8", "replace") for a in f.read().split(b"\0") if a)
        except OSError:
            cmd = ""
        out.append("%d (%s)" % (pid, cmd[:77] + "…" if len(cmd) > 80 else cmd))
    return out


def _kill_descendants(exclude=()):
    """Stops each descendant first, so none can fork between the look and the kill."""
    import signal
    seen = set()
    for _ in range(10):
        fresh = [p for p in _descendants() if p not in seen and p not in exclude]
        if not fresh:
            break
        for p in fresh:
            seen.add(p)
            try:
                os.kill(p, signal.SIGSTOP)
            except OSError:
                pass
    for p in seen:
        try:
            os.kill(p, signal.SIGKILL)
        except OSError:
            pass
    return sorted(seen)


def _watch_parent():
    """The engine was killed (SIGKILL gives it no chance to kill this process): take down
    everything below this process, its process group and itself. A thread, not
    PR_SET_PDEATHSIG, so that there is time to do that before dying."""
    import signal
    parent = os.getppid()
    def run():
        while True:
            time.sleep(_WATCH_EVERY_S)
            if os.getppid() != parent:
                _kill_descendants()
                try:
                    os.killpg(os.getpgrp(), signal.SIGKILL)
                finally:
                    os._exit(1)
    threading.Thread(target=run, name="loopwise-watchdog", daemon=True).start()


def _user_threads(ours):
    """Threads still running that the tasks started: not this runner's, not a pool's own
    (its workers, a process pool's manager and queue feeder threads)."""
    left = []
    for t in threading.enumerate():
        if t is threading.main_thread() or t in ours or not t.is_alive():
            continue
        target = getattr(t, "_target", None)
        modules = (type(t).__module__, getattr(target, "__module__", None) or "")
        if t.name.startswith("ThreadPoolExecutor-") or any(m.startswith(("concurrent.futures", "multiprocessing", "distributed", "tornado", "dask", "joblib")) for m in modules):
            continue
        left.append(t)
    return left


def _thread_note(threads):
    def name(t):
        target = getattr(t, "_target", None)
        where = getattr(target, "__qualname__", None)
        return "%s%s%s" % (t.name, " (%s)" % where if where else "", ", daemon" if t.daemon else "")
    return ("The tasks started %s that %s still running when the profile ended: %s. The profile ended them with its process; "
            "in your program a non-daemon thread keeps the process alive, and a daemon thread is killed at exit mid-work."
            % ("a thread" if len(threads) == 1 else "%d threads" % len(threads), "was" if len(threads) == 1 else "were",
               ", ".join(name(t) for t in threads)))


def _infrastructure_pids():
    """multiprocessing's own helper processes (forkserver, resource tracker), not the tasks'."""
    pids = set()
    for mod, obj, attr in (("multiprocessing.forkserver", "_forkserver", "_forkserver_pid"),
                           ("multiprocessing.resource_tracker", "_resource_tracker", "_pid"),
                           ("joblib.externals.loky.backend.resource_tracker", "_resource_tracker", "_pid")):
        m = sys.modules.get(mod)
        pid = getattr(getattr(m, obj, None), attr, None) if m else None
        if isinstance(pid, int):
            pids.add(pid)
    return pids


def _emit(msg):
    _OUT.write(json.dumps(msg) + "\n")
    _OUT.flush()

def _limit_memory(mb):
    if not mb:
        return
    try:
        import resource
        base = 0
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmSize:"):
                    base = int(line.split()[1]) * 1024
        limit = base + int(mb) * 1024 * 1024
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except Exception:
        pass

def _load(file, name):
    global _fn
    folder = os.path.dirname(file)
    if folder not in sys.path:
        sys.path.insert(0, folder)
    spec = importlib.util.spec_from_file_location("loopwise_target", file)
    mod = importlib.util.module_from_spec(spec)
    sys.modules["loopwise_target"] = mod
    spec.loader.exec_module(mod)
    fn = getattr(mod, name, None)
    if not callable(fn):
        names = sorted(k for k, v in vars(mod).items() if inspect.isfunction(v) and v.__module__ == "loopwise_target")
        raise LookupError("No top-level function named %r in %s. Top-level functions: %s." % (name, file, ", ".join(names) or "none"))
    _fn = fn
    return fn

def _init_worker(file, name, mb):
    _limit_memory(mb)
    _load(file, name)

def _describe(e):
    kind = "task-error"
    if isinstance(e, SystemExit):
        kind = "process-exit"
    elif isinstance(e, MemoryError):
        kind = "out-of-memory"
    return {"kind": kind, "name": type(e).__name__, "message": "%s: %s" % (type(e).__name__, e),
            "stack": "".join(traceback.format_exception(type(e), e, e.__traceback__))}

class _Timed:
    """Awaits a coroutine step by step, adding up the thread CPU time of each step, so
    that tasks interleaved on one event loop still get their own busy time."""
    def __init__(self, coro):
        self.coro = coro
        self.busy = 0.0
    def __await__(self):
        value, error = None, None
        while True:
            c0 = time.thread_time()
            try:
                step = self.coro.send(value) if error is None else self.coro.throw(error)
            except StopIteration as stop:
                self.busy += time.thread_time() - c0
                return stop.value
            self.busy += time.thread_time() - c0
            try:
                value, error = (yield step), None
            except BaseException as e:
                value, error = None, e

async def _await_timed(aw):
    timed = _Timed(aw)
    value = await timed
    return value, timed.busy

def _call(args):
    r = _fn(*args)
    if inspect.isawaitable(r):
        r, _ = asyncio.run(_await_timed(r))
    return r

def _task(i, args):
    rq0 = _run_queue_s() if _TASK_WAITS else None
    start = time.perf_counter()
    c0 = time.thread_time()
    try:
        value, ok = _call(args), True
    except BaseException as e:
        value, ok = _describe(e), False
    end = time.perf_counter()
    busy = time.thread_time() - c0
    if rq0 is not None:
        rq1 = _run_queue_s()
        if rq1 is not None:
            _WAITED.append(rq1 - rq0)
    return (i, ok, value, start, end, busy, os.getpid(), threading.get_ident())

_WAITED = []
# The process pools' own worker processes, over all runs.
_POOL_PIDS = set()

def _ready(_):
    return (os.getpid(), threading.get_ident())

class _Ticker:
    """A thread that sleeps 10 ms at a time and records how late it wakes: the Python
    stand-in for Node's event-loop delay. CPU-bound threads holding the GIL make it late."""
    PERIOD = 0.01
    def __init__(self):
        self.samples, self.stop = [], threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
    def run(self):
        while not self.stop.is_set():
            t = time.perf_counter()
            time.sleep(self.PERIOD)
            self.samples.append(time.perf_counter() - t - self.PERIOD)
    def __enter__(self):
        self.thread.start()
        return self
    def __exit__(self, *a):
        self.stop.set()
        self.thread.join()
    def p99_ms(self):
        if not self.samples:
            return 0.0
        s = sorted(self.samples)
        return max(0.0, s[min(len(s) - 1, int(math.ceil(0.99 * len(s))) - 1)] * 1000)

def _json_safe(v):
    try:
        text = json.dumps(v)
    except (TypeError, ValueError):
        text = json.dumps(repr(v))
    if len(text) > 10000:
        return "[result of %d characters as JSON, not shown]" % len(text)
    return json.loads(text)

class TaskFailed(Exception):
    def __init__(self, failure):
        self.failure = failure

def _records(outcomes, t0, submitted, label_of):
    tasks, results, failed = [], [], None
    for (i, ok, value, start, end, busy, pid, tid) in sorted(outcomes, key=lambda o: o[0]):
        if not ok and failed is None:
            failed = (i, value)
        results.append(value)
        tasks.append({"index": i, "worker": label_of(pid, tid), "queuedMs": max(0.0, (start - submitted[i]) * 1000),
                      "startMs": (start - t0) * 1000, "endMs": (end - t0) * 1000, "busyMs": busy * 1000})
    return tasks, results, failed

def _fail(failed, mode, workers):
    i, err = failed
    where = "the %s run" % mode + ("" if mode in ("sequential", "asyncio-gather") else " with %d workers" % workers)
    raise TaskFailed({"kind": err["kind"], "message": "Task %d failed in %s: %s" % (i, where, err["message"]),
                      "stack": err["stack"], "taskIndex": i, "mode": mode, "workers": workers})

def _run_queue_s():
    try:
        with open("/proc/thread-self/schedstat") as f:
            return int(f.read().split()[1]) / 1e9
    except Exception:
        return None

def run_sequential(tasks):
    outcomes, submitted = [], []
    rq0 = _run_queue_s()
    with _Ticker() as ticker:
        c0 = time.process_time()
        t0 = time.perf_counter()
        for i, args in enumerate(tasks):
            submitted.append(t0)
            outcomes.append(_task(i, args))
            if not outcomes[-1][1]:
                break
        wall = time.perf_counter() - t0
        cpu = time.process_time() - c0
    rq1 = _run_queue_s()
    recs, results, failed = _records(outcomes, t0, submitted, lambda pid, tid: 0)
    if failed:
        _fail(failed, "sequential", 1)
    run = {"mode": "sequential", "workers": 1, "wallMs": wall * 1000, "cpuMs": cpu * 1000, "startupMs": 0,
           "eventLoopDelayP99Ms": ticker.p99_ms(), "tasks": recs}
    if rq0 is not None and rq1 is not None:
        run["runQueueMs"] = (rq1 - rq0) * 1000
    return run, results

def run_gather(tasks):
    async def one(i, args, t_submit):
        start = time.perf_counter()
        try:
            value, busy = await _await_timed(_fn(*args))
            ok = True
        except BaseException as e:
            value, busy, ok = _describe(e), 0.0, False
        return (i, ok, value, start, time.perf_counter(), busy, 0, 0)
    async def all_tasks(t0):
        return await asyncio.gather(*(one(i, a, t0) for i, a in enumerate(tasks)))
    with _Ticker() as ticker:
        c0 = time.process_time()
        t0 = time.perf_counter()
        outcomes = asyncio.run(all_tasks(t0))
        wall = time.perf_counter() - t0
        cpu = time.process_time() - c0
    recs, results, failed = _records(outcomes, t0, [t0] * len(tasks), lambda pid, tid: 0)
    if failed:
        _fail(failed, "asyncio-gather", 1)
    return {"mode": "asyncio-gather", "workers": 1, "wallMs": wall * 1000, "cpuMs": cpu * 1000, "startupMs": 0,
            "eventLoopDelayP99Ms": ticker.p99_ms(), "tasks": recs}, results

def run_pool(kind, workers, tasks, file, name, mb):
    s0 = time.perf_counter()
    if kind == "process-pool":
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(file, name, mb))
    else:
        pool = ThreadPoolExecutor(max_workers=workers)
    ids = {}
    try:
        # Start every worker (and, for processes, load the module in each) before timing.
        for _ in range(8):
            for key in pool.map(_ready, range(workers)):
                ids.setdefault(key[0] if kind == "process-pool" else key[1], len(ids))
            if len(ids) >= workers:
                break
        startup = time.perf_counter() - s0
        with _Ticker() as ticker:
            c0 = time.process_time()
            t0 = time.perf_counter()
            submitted, futures = [], []
            for i, args in enumerate(tasks):
                submitted.append(time.perf_counter())
                futures.append(pool.submit(_task, i, args))
            outcomes = []
            for i, f in enumerate(futures):
                try:
                    outcomes.append(f.result())
                except BaseException as e:
                    err = _describe(e)
                    if type(e).__name__ == "BrokenProcessPool":
                        err["kind"] = "crashed"
                        err["message"] = "A worker process died (it may have called os._exit(), been killed, or run out of memory): " + err["message"]
                    outcomes.append((i, False, err, t0, t0, 0.0, -1, -1))
            wall = time.perf_counter() - t0
            cpu = time.process_time() - c0
    finally:
        # Not waiting: a worker process may never end (a task's non-daemon thread keeps it
        # alive). Its pid is remembered, so that it is not taken for a process the tasks
        # left behind; it goes with the runner's process group.
        if kind == "process-pool":
            _POOL_PIDS.update(getattr(pool, "_processes", None) or ())
            _POOL_PIDS.update(k for k in ids if isinstance(k, int))
        pool.shutdown(wait=False, cancel_futures=True)
    def label(pid, tid):
        key = pid if kind == "process-pool" else tid
        return ids.setdefault(key, len(ids))
    recs, results, failed = _records(outcomes, t0, submitted, label)
    if failed:
        _fail(failed, kind, workers)
    if kind == "process-pool":
        cpu += sum(t["busyMs"] for t in recs) / 1000
    stats = []
    for w in sorted(set(t["worker"] for t in recs)):
        mine = [t for t in recs if t["worker"] == w]
        stats.append({"worker": w, "elu": min(1.0, sum(t["endMs"] - t["startMs"] for t in mine) / max(1e-9, wall * 1000)),
                      "cpuMs": sum(t["busyMs"] for t in mine), "tasks": len(mine)})
    return {"mode": kind, "workers": workers, "wallMs": wall * 1000, "cpuMs": cpu * 1000, "startupMs": startup * 1000,
            "eventLoopDelayP99Ms": ticker.p99_ms(), "tasks": recs, "workerStats": stats}, results

# --- Scale-out engines: joblib (loky) and Dask ---------------------------------------
# Their worker processes are started by the engine, not by a pool initializer, so the
# task they run is _engine_task: a function of this script, which both engines pickle by
# value (cloudpickle), with where = (file, name, memory MB, module). It loads the target
# once per worker process (sys.modules is the per-process cache) and times the call as
# _task does. Times are time.time(): one clock for the runner and every worker process,
# and on a real cluster the hosts' synchronised clocks.

_ENGINE_MODULE = "loopwise_target"


def _engine_fn(where):
    import importlib, importlib.util, sys
    file, name, mb, module = where
    mod = sys.modules.get(_ENGINE_MODULE)
    if mod is None:
        if module:
            # A real cluster: the file was sent with client.upload_file, which imports
            # it on each worker under its own name.
            mod = importlib.import_module(module)
        else:
            _limit_memory(mb)
            folder = os.path.dirname(file)
            if folder not in sys.path:
                sys.path.insert(0, folder)
            spec = importlib.util.spec_from_file_location(_ENGINE_MODULE, file)
            mod = importlib.util.module_from_spec(spec)
            sys.modules[_ENGINE_MODULE] = mod
            spec.loader.exec_module(mod)
        sys.modules[_ENGINE_MODULE] = mod
    return getattr(mod, name)


def _engine_ready(where, pause=0.0):
    import socket
    _engine_fn(where)
    if pause:
        # Long enough that the next warm-up call goes to another worker.
        time.sleep(pause)
    return "%s:%d" % (socket.gethostname(), os.getpid())


def _engine_task(i, args, where):
    import socket
    fn = _engine_fn(where)
    start = time.time()
    c0 = time.thread_time()
    try:
        r = fn(*args)
        if inspect.isawaitable(r):
            async def wait(aw):
                return await aw
            r = asyncio.run(wait(r))
        value, ok = r, True
    except BaseException as e:
        value, ok = _describe(e), False
    end = time.time()
    busy = time.thread_time() - c0
    return (i, ok, value, start, end, busy, "%s:%d" % (socket.gethostname(), os.getpid()), 0)


class EngineFailed(Exception):
    """An engine's run could not finish (a worker died, the cluster went away): a note, not a failed profile."""


def _engine_run(mode, workers, outcomes, t0, wall, cpu, startup, ids, extra=None):
    def label(key, _tid):
        return ids.setdefault(key, len(ids))
    recs, results, failed = _records(outcomes, t0, [t0] * len(outcomes), label)
    if failed:
        i, err = failed
        raise TaskFailed({"kind": err["kind"], "message": "Task %d failed in the %s run with %d workers: %s" % (i, mode, workers, err["message"]),
                          "stack": err["stack"], "taskIndex": i, "mode": mode, "workers": workers})
    cpu += sum(t["busyMs"] for t in recs) / 1000
    stats = []
    for w in sorted(set(t["worker"] for t in recs)):
        mine = [t for t in recs if t["worker"] == w]
        stats.append({"worker": w, "elu": min(1.0, sum(t["endMs"] - t["startMs"] for t in mine) / max(1e-9, wall * 1000)),
                      "cpuMs": sum(t["busyMs"] for t in mine), "tasks": len(mine)})
    run = {"mode": mode, "workers": workers, "wallMs": wall * 1000, "cpuMs": cpu * 1000, "startupMs": startup * 1000,
           "eventLoopDelayP99Ms": 0.0, "tasks": recs, "workerStats": stats}
    if extra:
        run.update(extra)
    return run, results


def _engine_pids(ids):
    """The worker processes that answered the warm-up (keys "host:pid"), to tell them from the tasks' leftovers."""
    return {int(k.rsplit(":", 1)[1]) for k in ids}


def run_joblib(workers, tasks, where):
    from joblib import Parallel, delayed
    s0 = time.perf_counter()
    ids = {}
    try:
        # max_nbytes=None: arguments are pickled, as for the process pool, not memory-mapped
        # through a temp folder.
        with Parallel(n_jobs=workers, backend="loky", max_nbytes=None) as parallel:
            # Start every worker and load the module in each before timing, as for the pools.
            for _ in range(8):
                for key in parallel(delayed(_engine_ready)(where, 0.02) for _ in range(workers)):
                    ids.setdefault(key, len(ids))
                if len(ids) >= workers:
                    break
            _ENGINE_PIDS.update(_engine_pids(ids))
            startup = time.perf_counter() - s0
            with _Ticker() as ticker:
                c0 = time.process_time()
                t0 = time.time()
                outcomes = parallel(delayed(_engine_task)(i, args, where) for i, args in enumerate(tasks))
                wall = time.time() - t0
                cpu = time.process_time() - c0
    except TaskFailed:
        raise
    except Exception as e:
        raise EngineFailed("%s: %s" % (type(e).__name__, e))
    run, results = _engine_run("joblib", workers, outcomes, t0, wall, cpu, startup, ids)
    run["eventLoopDelayP99Ms"] = ticker.p99_ms()
    return run, results


def _stop_loky():
    try:
        from joblib.externals.loky import get_reusable_executor
        get_reusable_executor().shutdown(wait=True, kill_workers=True)
    except Exception:
        pass


def _dask_map(client, tasks, where):
    futures = client.map(_engine_task, range(len(tasks)), tasks, [where] * len(tasks), pure=False)
    try:
        return client.gather(futures)
    finally:
        client.cancel(futures)


def run_dask_local(workers, tasks, where):
    import logging
    from distributed import Client, LocalCluster
    s0 = time.perf_counter()
    cluster = client = None
    ids = {}
    try:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address=None, silence_logs=logging.ERROR)
        client = Client(cluster)
        client.wait_for_workers(workers)
        for key in client.run(_engine_ready, where).values():
            ids.setdefault(key, len(ids))
        _ENGINE_PIDS.update(_engine_pids(ids))
        startup = time.perf_counter() - s0
        with _Ticker() as ticker:
            c0 = time.process_time()
            t0 = time.time()
            outcomes = _dask_map(client, tasks, where)
            wall = time.time() - t0
            cpu = time.process_time() - c0
    except TaskFailed:
        raise
    except Exception as e:
        raise EngineFailed("%s: %s" % (type(e).__name__, e))
    finally:
        _close_dask(client, cluster)
    run, results = _engine_run("dask", workers, outcomes, t0, wall, cpu, startup, ids)
    run["eventLoopDelayP99Ms"] = ticker.p99_ms()
    return run, results


def _close_dask(client, cluster):
    for thing in (client, cluster):
        if thing is None:
            continue
        try:
            thing.close(timeout=10)
        except Exception:
            pass
    # What a slow close left (a nanny's worker process) goes now, not at the end of the profile.
    left = [p for p in _descendants() if p in _ENGINE_PIDS]
    if left:
        import signal
        for p in left:
            try:
                os.kill(p, signal.SIGKILL)
            except OSError:
                pass


def run_dask_remote(address, tasks, where, connect_s):
    from distributed import Client
    s0 = time.perf_counter()
    client = None
    ids = {}
    file = where[0]
    module = os.path.splitext(os.path.basename(file))[0]
    try:
        try:
            client = Client(address, timeout=connect_s)
        except Exception as e:
            raise EngineFailed("could not connect to the Dask scheduler at %s within %g s (%s: %s)" % (address, connect_s, type(e).__name__, e))
        try:
            client.wait_for_workers(1, timeout=connect_s)
        except Exception:
            raise EngineFailed("the Dask scheduler at %s has no workers (none joined within %g s)" % (address, connect_s))
        info = client.scheduler_info()
        hosts = info.get("workers", {})
        threads = sum(int(w.get("nthreads", 1)) for w in hosts.values()) or 1
        # The workers may not see this file system: send them the file.
        client.upload_file(file)
        remote = (file, where[1], None, module)
        for key in client.run(_engine_ready, remote).values():
            ids.setdefault(key, len(ids))
        startup = time.perf_counter() - s0
        with _Ticker() as ticker:
            c0 = time.process_time()
            t0 = time.time()
            outcomes = _dask_map(client, tasks, remote)
            wall = time.time() - t0
            cpu = time.process_time() - c0
    except (TaskFailed, EngineFailed):
        raise
    except Exception as e:
        raise EngineFailed("%s: %s" % (type(e).__name__, e))
    finally:
        if client is not None:
            try:
                client.close(timeout=10)
            except Exception:
                pass
    run, results = _engine_run("dask-remote", threads, outcomes, t0, wall, cpu, startup, ids,
                               {"cluster": {"scheduler": address, "workers": len(hosts), "threads": threads}})
    run["eventLoopDelayP99Ms"] = ticker.p99_ms()
    return run, results


_ENGINE_PIDS = set()
# The largest pickle of the sequential results that is sent back for the engine pass.
_SEQ_PICKLE_MAX = 64 << 20


def _engine_note(mode, workers, e, scheduler=None):
    """Why an engine's runs stop here; the other runs stand."""
    run = "the %s run%s" % (mode, " on %s" % scheduler if scheduler else " with %d worker%s" % (workers, "s" if workers > 1 else ""))
    if isinstance(e, TaskFailed):
        f = e.failure
        return "%s failed, so there are no further %s runs: %s" % (run[0].upper() + run[1:], mode, f["message"])
    # One line: the engines' messages hold blank lines and long URLs.
    text = " ".join(str(e).split())
    died = any(w in text for w in ("KilledWorker", "TerminatedWorkerError", "died", "terminated", "BrokenProcessPool"))
    why = " A worker process died (os._exit(), a signal, or out of memory)." if died else ""
    return "%s did not finish, so there are no further %s runs: %s.%s" % (run[0].upper() + run[1:], mode, text.rstrip("."), why)


def _engine_version(module):
    """The engine's version when it imports under this interpreter, else None (the import check)."""
    try:
        mod = importlib.import_module(module)
        return getattr(mod, "__version__", "?")
    except Exception:
        return None


def pickle_cost(tasks, results):
    t = time.perf_counter()
    a = r = 0
    try:
        for args in tasks:
            b = pickle.dumps(tuple(args))
            pickle.loads(b)
            a += len(b)
        for v in results:
            b = pickle.dumps(v)
            pickle.loads(b)
            r += len(b)
    except Exception as e:
        return {"argsBytes": a, "resultsBytes": r, "cloneMs": (time.perf_counter() - t) * 1000}, str(e)
    return {"argsBytes": a, "resultsBytes": r, "cloneMs": (time.perf_counter() - t) * 1000}, None

def _finish(raw, ours, warnings):
    """The notes on threads and processes the tasks left running; those processes are killed."""
    # A thread about to finish gets a moment; one that never ends gets a note.
    deadline = time.perf_counter() + 0.5
    for t in _user_threads(ours):
        t.join(max(0.0, deadline - time.perf_counter()))
    threads = _user_threads(ours)
    if threads:
        warnings.append(_thread_note(threads))
    infra = _infrastructure_pids() | _POOL_PIDS | _ENGINE_PIDS
    left = [p for p in _descendants() if p not in infra]
    leftovers = _describe_pids(left)
    if left:
        _kill_descendants(exclude=infra)
    if leftovers:
        raw["leftovers"] = leftovers


def _compare(run, results, seq_results):
    mismatched = [i for i, v in enumerate(results) if v != seq_results[i]]
    run["matchesSequential"] = not mismatched
    if mismatched:
        run["mismatchedTasks"] = mismatched
    run["results"] = [_json_safe(v) for v in results]
    return run


def engine_pass(req, tasks, max_workers, mb):
    """The scale-out engines, each where this interpreter has it (the import check): joblib's
    loky backend over 1..N workers, then Dask, on a LocalCluster of 1..N worker processes
    or on the cluster at daskScheduler. seqPickle is the main pass's sequential results,
    pickled; each finished run is also sent on its own, so that a timeout or a
    crash later in the pass keeps it."""
    import base64
    seq_results = pickle.loads(base64.b64decode(req["seqPickle"]))
    scheduler = req.get("daskScheduler") or None
    who = req.get("python") or sys.executable
    warnings = []
    wanted = req.get("engines")
    wanted = ("joblib", "dask") if wanted is None else tuple(wanted)
    engines = {"joblib": _engine_version("joblib") if "joblib" in wanted else None,
               "dask": _engine_version("distributed") if "dask" in wanted else None}
    if "dask" not in wanted:
        scheduler = None
    if "joblib" in wanted and not engines["joblib"]:
        warnings.append("joblib is not installed in %s: no joblib run." % who)
    if "dask" in wanted and not engines["dask"]:
        warnings.append("dask.distributed is not installed in %s: no dask run%s." % (who, " on the cluster at %s" % scheduler if scheduler else ""))
    total = max(1, (max_workers if engines["joblib"] else 0) + ((1 if scheduler else max_workers) if engines["dask"] else 0))
    done = [0]
    out = []
    def step(mode, workers):
        _emit({"type": "progress", "message": "%s, %d workers" % (mode, workers) if mode != "dask-remote" else "dask on %s" % scheduler,
               "fraction": done[0] / total, "mode": mode, "workers": workers})
        done[0] += 1
    def keep(pair):
        run = _compare(pair[0], pair[1], seq_results)
        out.append(run)
        _emit({"type": "run", "run": run})
    where = (os.path.abspath(req["file"]), req["name"], mb, None)
    if engines["joblib"]:
        try:
            for w in range(1, max_workers + 1):
                step("joblib", w)
                try:
                    keep(run_joblib(w, tasks, where))
                except (EngineFailed, TaskFailed) as e:
                    warnings.append(_engine_note("joblib", w, e))
                    break
        finally:
            _stop_loky()
    if engines["dask"]:
        import dask
        if scheduler:
            step("dask-remote", 1)
            try:
                keep(run_dask_remote(scheduler, tasks, where, float(req.get("daskConnectTimeoutSeconds") or 10)))
            except (EngineFailed, TaskFailed) as e:
                warnings.append(_engine_note("dask-remote", 0, e, scheduler))
        else:
            # A task that kills its worker is not retried on the next one: the run ends with a note.
            dask.config.set({"distributed.scheduler.allowed-failures": 0})
            for w in range(1, max_workers + 1):
                step("dask", w)
                try:
                    keep(run_dask_local(w, tasks, where))
                except (EngineFailed, TaskFailed) as e:
                    warnings.append(_engine_note("dask", w, e))
                    break
    info = {"joblib": engines["joblib"], "dask": engines["dask"]}
    if scheduler:
        info["daskScheduler"] = scheduler
    return {"runs": out, "warnings": warnings, "engines": info}


def main():
    global _OUT, _TASK_WAITS
    _OUT = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    req = json.loads(sys.stdin.read())
    file, name, tasks = req["file"], req["name"], req["tasks"]
    mb = req.get("memoryLimitMb")
    cores = os.cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):
        cores = len(os.sched_getaffinity(0))
    max_workers = max(1, min(cores, int(req.get("maxWorkers") or cores)))
    _limit_memory(mb)
    _become_subreaper()
    _watch_parent()
    ours = set(threading.enumerate())
    warnings = []
    try:
        _emit({"type": "progress", "message": "loading", "fraction": 0})
        try:
            _load(file, name)
        except BaseException as e:
            err = _describe(e)
            raise TaskFailed({"kind": "target-not-found" if isinstance(e, LookupError) else err["kind"], "message": "Loading %s failed: %s" % (file, err["message"]), "stack": err["stack"]})
        is_async = inspect.iscoroutinefunction(_fn)
        if req.get("enginePass"):
            raw = engine_pass(req, tasks, max_workers, mb)
            _finish(raw, ours, raw["warnings"])
            _emit({"type": "result", "raw": raw})
            _OUT.flush()
            os._exit(0)
        # The extra pass under a free-threaded interpreter: its own sequential run (for
        # the results to compare) and one thread pool of the widest size.
        ft_pass = bool(req.get("freeThreadedPass"))
        total = 2 if ft_pass else 1 + (1 if is_async else 0) + 2 * max_workers
        done = [0]
        def step(mode, workers):
            _emit({"type": "progress", "message": mode if workers == 1 and mode in ("sequential", "asyncio-gather") else "%s, %d workers" % (mode, workers),
                   "fraction": done[0] / total, "mode": mode, "workers": workers})
            done[0] += 1
        step("sequential", 1)
        seq, seq_results = run_sequential(tasks)
        cost, pickle_error = pickle_cost(tasks, seq_results)
        runs = [(seq, seq_results)]
        if is_async and not ft_pass:
            step("asyncio-gather", 1)
            runs.append(run_gather(tasks))
        for w in ([max_workers] if ft_pass else range(1, max_workers + 1)):
            step("thread-pool", w)
            _TASK_WAITS = ft_pass
            del _WAITED[:]
            run, results = run_pool("thread-pool", w, tasks, file, name, mb)
            _TASK_WAITS = False
            if ft_pass and len(_WAITED) == len(tasks):
                run["taskRunQueueMs"] = sum(_WAITED) * 1000
            runs.append((run, results))
        if ft_pass:
            pass
        elif pickle_error:
            warnings.append("The arguments or results cannot be pickled, so process pools cannot run this function: " + pickle_error)
        else:
            for w in range(1, max_workers + 1):
                step("process-pool", w)
                runs.append(run_pool("process-pool", w, tasks, file, name, mb))
        # The scale-out engines run in a pass of their own (engine_pass), which compares
        # its results with these: they go back pickled, through the engine, not a file.
        seq_pickle = None
        if req.get("wantSeqPickle") and not pickle_error and not ft_pass:
            blob = pickle.dumps(seq_results)
            if len(blob) <= _SEQ_PICKLE_MAX:
                import base64
                seq_pickle = base64.b64encode(blob).decode("ascii")
            else:
                warnings.append("The sequential results pickle to %d MB, more than the %d MB the joblib and Dask runs compare with: no joblib or Dask run." % (len(blob) >> 20, _SEQ_PICKLE_MAX >> 20))
        out = []
        for run, results in runs:
            mismatched = [i for i, v in enumerate(results) if v != seq_results[i]]
            run["matchesSequential"] = not mismatched
            if mismatched:
                run["mismatchedTasks"] = mismatched
            run["results"] = [_json_safe(v) for v in results]
            out.append(run)
        free = not getattr(sys, "_is_gil_enabled", lambda: True)()
        raw = {"cores": cores, "maxWorkers": max_workers, "isAsync": is_async, "clone": cost, "runs": out, "warnings": warnings,
               "python": {"version": sys.version.split()[0], "executable": sys.executable, "gilDisabled": free}}
        _finish(raw, ours, warnings)
        if seq_pickle:
            raw["seqPickle"] = seq_pickle
        _emit({"type": "result", "raw": raw})
    except TaskFailed as f:
        _emit({"type": "failure", "error": f.failure})
    except BaseException as e:
        err = _describe(e)
        _emit({"type": "failure", "error": {"kind": err["kind"] if err["kind"] != "task-error" else "crashed", "message": "The Python profiler failed: " + err["message"], "stack": err["stack"]}})
    _OUT.flush()
    os._exit(0)

if __name__ == "__main__":
    main()
