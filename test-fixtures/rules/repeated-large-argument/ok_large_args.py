"""Refs, scattered data, small values, threads, and data that changes per task."""
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import ray
from dask.distributed import Client

LOOKUP = {n: n * n for n in range(100_000)}
SMALL = [1, 2, 3]
NAME = "model-v2"


@ray.remote
def score(table, key):
    return table.get(key)


def match(frame, key):
    return len(frame) + key


def ray_put_once(keys):
    table = ray.put(LOOKUP)
    return ray.get([score.remote(table, k) for k in keys])


def scatter_once(keys):
    data = np.zeros((1000, 1000))
    with Client() as client:
        shared = client.scatter(data, broadcast=True)
        return client.gather([client.submit(match, shared, k) for k in keys])


def small_values(keys):
    return ray.get([score.remote(SMALL, k) for k in keys] + [score.remote(NAME, 3) for _ in keys])


def threads_share_memory(keys):
    with ThreadPoolExecutor() as ex:
        return [f.result() for f in [ex.submit(match, LOOKUP, k) for k in keys]]


def changes_every_time(batches):
    refs = []
    for batch in batches:
        chunk = np.array(batch)
        refs.append(score.remote(chunk, 0))
    return ray.get(refs)


def once_not_in_loop():
    return ray.get(score.remote(LOOKUP, 1))
