"""Loopwise profiler runner: what the runs and the engine pass share (error records,
the memory limit, the event-loop-delay ticker, the task records and the comparison with
the sequential results). The engine task functions in profile-runner.py call _describe and
_limit_memory on remote Dask workers, which cannot import this file: the engine pass
registers it with cloudpickle to be pickled by value."""
import json, math, threading, time, traceback


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


def _describe(e):
    kind = "task-error"
    if isinstance(e, SystemExit):
        kind = "process-exit"
    elif isinstance(e, MemoryError):
        kind = "out-of-memory"
    return {"kind": kind, "name": type(e).__name__, "message": "%s: %s" % (type(e).__name__, e),
            "stack": "".join(traceback.format_exception(type(e), e, e.__traceback__))}


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


def _compare(run, results, seq_results):
    mismatched = [i for i, v in enumerate(results) if v != seq_results[i]]
    run["matchesSequential"] = not mismatched
    if mismatched:
        run["mismatchedTasks"] = mismatched
    run["results"] = [_json_safe(v) for v in results]
    return run


def _worker_stats(recs, wall):
    """Per worker of a run: its utilisation of the run's wall time, its CPU time and its task count."""
    stats = []
    for w in sorted(set(t["worker"] for t in recs)):
        mine = [t for t in recs if t["worker"] == w]
        stats.append({"worker": w, "elu": min(1.0, sum(t["endMs"] - t["startMs"] for t in mine) / max(1e-9, wall * 1000)),
                      "cpuMs": sum(t["busyMs"] for t in mine), "tasks": len(mine)})
    return stats
