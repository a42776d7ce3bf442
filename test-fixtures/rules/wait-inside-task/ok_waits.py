"""Waits that are not inside the engine's own tasks, or not on its own pool."""
from concurrent.futures import ThreadPoolExecutor

import dask
import ray
from dask import delayed


@ray.remote
def total(values):
    return sum(values)


@ray.remote
def spawn_and_wait(x):
    # Refs this task makes itself: nested tasks, not refs handed in.
    return ray.get(total.remote([x, x]))


def driver(xs):
    refs = [total.remote([x]) for x in xs]
    return ray.get(total.remote(refs))


class Report:
    def compute(self):
        return 1


@delayed
def summarise(report):
    return report.compute()


def lazy(parts):
    return sum(parts)


def build(parts):
    return dask.compute(delayed(lazy)(parts))


outer = ThreadPoolExecutor(max_workers=2)
inner = ThreadPoolExecutor(max_workers=8)


def child_step(x):
    return x + 1


def parent_step(x):
    return inner.submit(child_step, x).result()


def run(xs):
    return [f.result() for f in [outer.submit(parent_step, x) for x in xs]]


from distributed import secede, worker_client


@delayed
def nested_with_worker_client(x):
    with worker_client():
        return delayed(lazy)([x]).compute()


@delayed
def nested_after_secede(x):
    secede()
    return dask.compute(delayed(lazy)([x]))
