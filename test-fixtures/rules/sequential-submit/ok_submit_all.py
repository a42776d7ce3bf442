"""Every task is submitted before any is waited for: these run in parallel."""
import multiprocessing
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed

import dask
import ray
from dask import delayed
from dask.distributed import Client


@ray.remote
def square(x):
    return x * x


def score(x):
    return x + 1


def ray_submit_all(xs):
    refs = [square.remote(x) for x in xs]
    return ray.get(refs)


def ray_wait_loop(xs):
    pending = [square.remote(x) for x in xs]
    out = []
    while pending:
        done, pending = ray.wait(pending)
        out.append(ray.get(done[0]))
    return out


def executor_submit_all(xs):
    with ThreadPoolExecutor() as ex:
        futures = [ex.submit(score, x) for x in xs]
        return [f.result() for f in as_completed(futures)]


def executor_results_after(xs):
    with ThreadPoolExecutor() as ex:
        futures = []
        for x in xs:
            futures.append(ex.submit(score, x))
        for fut in futures:
            print(fut.result())


def client_gather(xs):
    with Client() as client:
        futures = [client.submit(score, x) for x in xs]
        return client.gather(futures)


def dask_compute_once(xs):
    parts = [delayed(score)(x) for x in xs]
    return dask.compute(*parts)


def pool_map(xs):
    with multiprocessing.Pool() as pool:
        handles = [pool.apply_async(score, (x,)) for x in xs]
        return [h.get() for h in handles]


class Job:
    def result(self):
        return 1

    def submit(self, fn, x):
        return self


def own_objects(xs):
    job = Job()
    return [job.submit(score, x).result() for x in xs]


def get(x):
    return x


def own_get(xs):
    return [get(square.remote(x)) for x in xs]


def one_worker_pools(objs):
    # Pools made with one worker run their tasks one at a time anyway.
    e1 = ProcessPoolExecutor(max_workers=1)
    e2 = ProcessPoolExecutor(1)
    try:
        for obj in objs:
            assert e1.submit(score, obj).result() == e2.submit(score, obj).result()
    finally:
        e1.shutdown()
        e2.shutdown()


def one_process_pool(xs):
    with multiprocessing.Pool(processes=1) as pool:
        return [pool.apply(score, (x,)) for x in xs]
