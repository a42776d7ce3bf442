"""Dask runs these on worker processes: the scheduler, dask.config.set or a distributed client says so."""
import dask
from dask import delayed
from dask.distributed import Client, LocalCluster

counts = {}
seen = []
total = 0
by_key = {}
tallies = {}


def tally(item):
    counts[item] = counts.get(item, 0) + 1
  # ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ global-in-worker-process
    return item


def note(item):
    seen.append(item)
  # ^^^^^^^^^^^^^^^^^ global-in-worker-process
    return item


def add(item):
    global total
    total += item
  # ^^^^^^^^^^^^^ global-in-worker-process
    return item


@delayed
def keep(item):
    by_key[item] = item
  # ^^^^^^^^^^^^^^^^^^^ global-in-worker-process
    return item


def count_up(item):
    tallies[item] = 1
  # ^^^^^^^^^^^^^^^^^ global-in-worker-process
    return item


def with_processes(items):
    dask.compute(*[delayed(tally)(i) for i in items], scheduler="processes")
    return counts


def with_config(items):
    parts = [delayed(note)(i) for i in items]
    with dask.config.set(scheduler="processes"):
        dask.compute(*parts)
    return list(seen)


def with_local_cluster(items):
    cluster = LocalCluster(n_workers=2)
    client = Client(cluster)
    dask.compute(*[delayed(add)(i) for i in items])
    client.close()
    return total


def with_method(item):
    keep(item).compute(scheduler="multiprocessing")
    return by_key


def with_client_compute(items):
    with Client() as client:
        client.compute([delayed(count_up)(i) for i in items], sync=True)
    return tallies
