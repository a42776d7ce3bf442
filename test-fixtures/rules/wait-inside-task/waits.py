"""Tasks that wait on other tasks from inside their own engine."""
from concurrent.futures import ThreadPoolExecutor

import dask
import dask.dataframe as dd
import ray
from dask import delayed


@ray.remote
def total(refs):
    return sum(ray.get(refs))
    #          ^^^^^^^^^^^^^ wait-inside-task


@ray.remote(num_cpus=1)
def first(ref):
    value = ray.get(ref)
    #       ^^^^^^^^^^^^ wait-inside-task
    return value


@delayed
def summarise(path):
    frame = dd.read_csv(path)
    return frame.amount.sum().compute()
    #      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ wait-inside-task


def combine(parts):
    return dask.compute(*parts)
    #      ^^^^^^^^^^^^^^^^^^^^ wait-inside-task


def build(parts):
    return delayed(combine)(parts)


executor = ThreadPoolExecutor(max_workers=2)


def child_step(x):
    return x + 1


def parent_step(x):
    inner = executor.submit(child_step, x)
    return inner.result()
    #      ^^^^^^^^^^^^^^ wait-inside-task


def parent_chained(x):
    return executor.submit(child_step, x).result() * 2
    #      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ wait-inside-task


def run(xs):
    futures = [executor.submit(parent_step, x) for x in xs]
    futures += [executor.submit(parent_chained, x) for x in xs]
    return [f.result() for f in futures]
