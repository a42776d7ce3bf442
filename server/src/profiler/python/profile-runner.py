"""The Python side of Loopwise's profiler (shipped as dist/profile-runner.py).

python/run-python.ts runs it with the selected interpreter in its own process group. It
reads one JSON request on stdin and writes JSON lines (progress, then result or failure)
to its original stdout; user code's prints go to stderr. Nothing it or the tasks start
outlives it: it is a child subreaper, so children that called setsid stay below it; a
thread watches for the engine's process to go; and what the tasks leave running is
reported and killed.
"""
import asyncio, inspect, json, os, pickle, sys, threading, time

import _loopwise_runner_engines as engines
import _loopwise_runner_runs as inproc
from _loopwise_runner_common import TaskFailed, _compare, _describe, _limit_memory
from _loopwise_runner_processes import _become_subreaper, _watch_parent, finish

_OUT = None

def _emit(msg):
    _OUT.write(json.dumps(msg) + "\n")
    _OUT.flush()

# --- The engine task functions -----------------------------------------------------
# They stay in this script, __main__, which joblib (loky) and Dask pickle by value with
# cloudpickle, so that a Dask worker on another host, which cannot import this runner's
# files, runs them; the helpers they call (_describe, _limit_memory) come by value too
# (_loopwise_runner_engines._pickle_common_by_value). Nothing else of the runner
# reaches an engine's workers.

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

# The largest pickle of the sequential results that is sent back for the engine pass.
_SEQ_PICKLE_MAX = 64 << 20


def main():
    global _OUT
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
            inproc._load(file, name)
        except BaseException as e:
            err = _describe(e)
            raise TaskFailed({"kind": "target-not-found" if isinstance(e, LookupError) else err["kind"], "message": "Loading %s failed: %s" % (file, err["message"]), "stack": err["stack"]})
        is_async = inspect.iscoroutinefunction(inproc._fn)
        if req.get("enginePass"):
            raw = engines.engine_pass(req, tasks, max_workers, mb, _emit, _engine_ready, _engine_task)
            finish(raw, ours, raw["warnings"], inproc._POOL_PIDS | engines._ENGINE_PIDS)
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
        seq, seq_results = inproc.run_sequential(tasks)
        cost, pickle_error = inproc.pickle_cost(tasks, seq_results)
        runs = [(seq, seq_results)]
        if is_async and not ft_pass:
            step("asyncio-gather", 1)
            runs.append(inproc.run_gather(tasks))
        for w in ([max_workers] if ft_pass else range(1, max_workers + 1)):
            step("thread-pool", w)
            inproc._TASK_WAITS = ft_pass
            del inproc._WAITED[:]
            run, results = inproc.run_pool("thread-pool", w, tasks, file, name, mb)
            inproc._TASK_WAITS = False
            if ft_pass and len(inproc._WAITED) == len(tasks):
                run["taskRunQueueMs"] = sum(inproc._WAITED) * 1000
            runs.append((run, results))
        if ft_pass:
            pass
        elif pickle_error:
            warnings.append("The arguments or results cannot be pickled, so process pools cannot run this function: " + pickle_error)
        else:
            for w in range(1, max_workers + 1):
                step("process-pool", w)
                runs.append(inproc.run_pool("process-pool", w, tasks, file, name, mb))
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
        out = [_compare(run, results, seq_results) for run, results in runs]
        free = not getattr(sys, "_is_gil_enabled", lambda: True)()
        raw = {"cores": cores, "maxWorkers": max_workers, "isAsync": is_async, "clone": cost, "runs": out, "warnings": warnings,
               "python": {"version": sys.version.split()[0], "executable": sys.executable, "gilDisabled": free}}
        finish(raw, ours, warnings, inproc._POOL_PIDS | engines._ENGINE_PIDS)
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
