"""Worker processes write module globals the parent then reads: the writes stay in the workers."""
import multiprocessing
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor as PPE

import ray
from dask.distributed import Client

processed = 0
RESULTS = {}
seen = set()
by_kind = defaultdict(list)


def count(item):
    global processed
    processed += 1
  # ^^^^^^^^^^^^^^ global-in-worker-process
    return item


def remember(item):
    RESULTS[item] = item * 2
  # ^^^^^^^^^^^^^^^^^^^^^^^^ global-in-worker-process


@ray.remote
def mark(item):
    seen.add(item)
  # ^^^^^^^^^^^^^^ global-in-worker-process
    return item


def classify(item):
    by_kind[item % 2].append(item)
    return item


def with_executor(items):
    with PPE() as ex:
        list(ex.map(count, items))
    print("processed", processed)


def with_pool(items):
    with multiprocessing.Pool() as pool:
        pool.map(remember, items)
    return RESULTS


def with_ray(items):
    ray.get([mark.remote(i) for i in items])
    return len(seen)


def with_process(item):
    p = multiprocessing.Process(target=remember, args=(item,))
    p.start()
    p.join()
    return RESULTS.get(item)


def with_dask(items):
    with Client() as client:
        client.gather(client.map(classify, items))
    return dict(by_kind)
