"""The same large object sent by value with every task of a loop."""
import multiprocessing
from concurrent.futures import ProcessPoolExecutor as PPE

import numpy as np
import pandas as pd
import ray
from dask.distributed import Client

LOOKUP = {n: n * n for n in range(100_000)}


@ray.remote
def score(table, key):
    return table.get(key)


def match(frame, key):
    return len(frame) + key


def ray_loop(keys):
    return ray.get([score.remote(LOOKUP, k) for k in keys])
    #                            ^^^^^^ repeated-large-argument


def dask_loop(keys, path):
    frame = pd.read_csv(path)
    with Client() as client:
        futures = []
        for k in keys:
            futures.append(client.submit(match, frame, k))
            #                                   ^^^^^ repeated-large-argument
        return client.gather(futures)


def pool_loop(keys):
    weights = np.random.rand(1000, 1000)
    with PPE() as ex:
        futures = [ex.submit(match, weights, k) for k in keys]
        #                           ^^^^^^^ repeated-large-argument
        return [f.result() for f in futures]


def mp_loop(keys):
    rows = [k * 2 for k in range(1_000_000)]
    with multiprocessing.Pool() as pool:
        handles = [pool.apply_async(match, (rows, k)) for k in keys]
        #                                   ^^^^ repeated-large-argument
        return [h.get() for h in handles]
