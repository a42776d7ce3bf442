"""Loopwise profiler runner: the in-process runs (sequential, asyncio.gather, thread and
process pools) of the target function, loaded by _load as the module loopwise_target.
Process-pool workers load _init_worker and _task from this module by reference: the
runner's folder is sys.path[0] in the parent, and multiprocessing hands sys.path to
spawn and forkserver children."""
import asyncio, importlib.util, inspect, os, pickle, sys, threading, time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

from _loopwise_runner_common import TaskFailed, _Ticker, _describe, _limit_memory, _records, _worker_stats

_fn = None
# Set in the free-threaded pass: each task also records how long its thread waited for a
# core (run-queue time), which tells whether the pool had the cores to scale on.
_TASK_WAITS = False

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
    stats = _worker_stats(recs, wall)
    return {"mode": kind, "workers": workers, "wallMs": wall * 1000, "cpuMs": cpu * 1000, "startupMs": startup * 1000,
            "eventLoopDelayP99Ms": ticker.p99_ms(), "tasks": recs, "workerStats": stats}, results


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
