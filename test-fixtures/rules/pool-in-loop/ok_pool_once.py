"""Engines created once and reused, or created per iteration on purpose."""
import multiprocessing as mp
import time
from concurrent.futures import ProcessPoolExecutor

import ray
from dask.distributed import Client
from joblib import Parallel, delayed


def work(x):
    return x * x


remote_work = ray.remote(work)


@ray.remote
def task(v):
    return v + 1


def executor_once(batches):
    with ProcessPoolExecutor() as ex:
        return [list(ex.map(work, batch)) for batch in batches]


def parallel_once(batches):
    with Parallel(n_jobs=4) as parallel:
        return [parallel(delayed(work)(x) for x in batch) for batch in batches]


def client_once(files):
    with Client() as client:
        for name in files:
            client.submit(work, name).release()


def ray_defined_outside(xs):
    return ray.get([task.remote(x) for x in xs] + [remote_work.remote(x) for x in xs])


def benchmark_worker_counts(xs):
    timings = {}
    for n in (1, 2, 4, 8):
        start = time.perf_counter()
        with mp.Pool(n) as pool:
            pool.map(work, xs)
        timings[n] = time.perf_counter() - start
    return timings


def retry_until_it_works(xs):
    for attempt in range(3):
        try:
            with ProcessPoolExecutor() as ex:
                return list(ex.map(work, xs))
        except OSError:
            time.sleep(attempt)
    for attempt in range(3):
        with mp.Pool() as pool:
            if pool.map(work, xs):
                break


def factory_in_loop_body_not_run(xs):
    makers = []
    for x in xs:
        def make():
            return ProcessPoolExecutor()
        makers.append(make)
    return makers


def one_session_each(sessions):
    for session in sessions:
        if session == 0:
            with ProcessPoolExecutor() as ex:
                ex.submit(work, 1)
        else:
            Parallel(n_jobs=2)(delayed(work)(i) for i in [1, 2])
