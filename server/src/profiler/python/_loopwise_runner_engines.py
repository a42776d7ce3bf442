"""Loopwise profiler runner: the scale-out engine pass, joblib's loky backend and Dask
(a LocalCluster or the cluster at daskScheduler)."""
import importlib, os, pickle, sys, time

import _loopwise_runner_common
from _loopwise_runner_common import TaskFailed, _Ticker, _compare, _records, _worker_stats
from _loopwise_runner_processes import _descendants

# --- Scale-out engines: joblib (loky) and Dask ---------------------------------------
# Their worker processes are started by the engine, not by a pool initializer, so the
# task they run is _engine_task, with where = (file, name, memory MB, module): a function
# of the main script (profile-runner.py), which both engines pickle by value
# (cloudpickle), so that a worker on another host, which cannot import this runner's
# files, can run it. It loads the target once per worker process (sys.modules is the
# per-process cache) and times the call as _task does. Times are time.time(): one clock
# for the runner and every worker process, and on a real cluster the hosts' synchronised
# clocks. engine_pass sets these two to the main script's functions.
_engine_ready = _engine_task = None


def _pickle_common_by_value(engines):
    """The task functions call _describe and _limit_memory of _loopwise_runner_common, which
    cloudpickle would pickle by reference: registered, they go by value with the task
    (cloudpickle >= 2.0). One registry per cloudpickle: Dask's and joblib's vendored copy;
    only the engines that run are imported."""
    for engine, name in (("joblib", "joblib.externals.cloudpickle"), ("dask", "cloudpickle")):
        if not engines[engine]:
            continue
        try:
            importlib.import_module(name).register_pickle_by_value(_loopwise_runner_common)
        except Exception:
            pass


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
    stats = _worker_stats(recs, wall)
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


def engine_pass(req, tasks, max_workers, mb, emit, ready, task):
    """The scale-out engines, each where this interpreter has it (the import check): joblib's
    loky backend over 1..N workers, then Dask, on a LocalCluster of 1..N worker processes
    or on the cluster at daskScheduler. seqPickle is the main pass's sequential results,
    pickled; each finished run is also sent on its own, so that a timeout or a
    crash later in the pass keeps it. emit writes a message to the TS side; ready and
    task are the main script's _engine_ready and _engine_task."""
    global _engine_ready, _engine_task
    import base64
    _engine_ready, _engine_task = ready, task
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
        emit({"type": "progress", "message": "%s, %d workers" % (mode, workers) if mode != "dask-remote" else "dask on %s" % scheduler,
               "fraction": done[0] / total, "mode": mode, "workers": workers})
        done[0] += 1
    def keep(pair):
        run = _compare(pair[0], pair[1], seq_results)
        out.append(run)
        emit({"type": "run", "run": run})
    _pickle_common_by_value(engines)
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
