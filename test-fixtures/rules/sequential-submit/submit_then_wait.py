"""Each task is submitted and waited for in the same iteration, so they run one at a time."""
import multiprocessing
from concurrent.futures import ProcessPoolExecutor as PPE

import dask
import ray as r
from dask import delayed as dl
from dask.distributed import Client


@r.remote
def square(x):
    return x * x


def score(x):
    return x + 1


def ray_loop(xs):
    out = []
    for x in xs:
        out.append(r.get(square.remote(x)))
        #          ^^^^^^^^^^^^^^^^^^^^^^^ sequential-submit
    return out


def ray_comprehension(xs):
    return [r.get(square.remote(x)) for x in xs]
    #       ^^^^^^^^^^^^^^^^^^^^^^^ sequential-submit


def ray_two_statements(xs):
    total = 0
    for x in xs:
        ref = square.remote(x)
        total += r.get(ref)
        #        ^^^^^^^^^^ sequential-submit
    return total


def executor_loop(xs):
    with PPE() as ex:
        return [ex.submit(score, x).result() for x in xs]
        #       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ sequential-submit


def executor_two_statements(xs):
    out = []
    with PPE(max_workers=4) as ex:
        for x in xs:
            fut = ex.submit(score, x)
            out.append(fut.result())
            #          ^^^^^^^^^^^^ sequential-submit
    return out


def dask_client_loop(xs):
    with Client() as client:
        out = []
        for x in xs:
            out.append(client.submit(score, x).result())
            #          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ sequential-submit
        return out


def dask_delayed_loop(xs):
    out = []
    for x in xs:
        out.append(dl(score)(x).compute())
        #          ^^^^^^^^^^^^^^^^^^^^^^ sequential-submit
    return out


def pool_apply(xs):
    with multiprocessing.Pool(4) as pool:
        return [pool.apply(score, (x,)) for x in xs]
        #       ^^^^^^^^^^^^^^^^^^^^^^^ sequential-submit


def pool_apply_async_get(xs):
    with multiprocessing.Pool(4) as pool:
        out = []
        while xs:
            out.append(pool.apply_async(score, (xs.pop(),)).get())
            #          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ sequential-submit
        return out


def two_workers_compared(objs):
    # Two workers: the pool could run the tasks side by side.
    e1 = PPE(max_workers=2)
    out = []
    try:
        for obj in objs:
            out.append(e1.submit(score, obj).result())
            #          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ sequential-submit
    finally:
        e1.shutdown()
    return out


def main():
    dask.compute(*[dl(score)(x) for x in range(3)])
