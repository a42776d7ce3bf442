"""Dask on threads, or on the calling thread, shares the module: the writes are seen."""
import dask
from dask import delayed
from dask.distributed import Client, LocalCluster

counts = {}
seen = []
total = 0
hits = {}


def tally(item):
    counts[item] = counts.get(item, 0) + 1
    return item


def note(item):
    seen.append(item)
    return item


def add(item):
    global total
    total += item
    return item


def hit(item):
    hits[item] = True
    return item


def default_scheduler(items):
    dask.compute(*[delayed(tally)(i) for i in items])
    return counts


def threaded(items):
    dask.compute(*[delayed(tally)(i) for i in items], scheduler="threads")
    return counts


def synchronous(items):
    with dask.config.set(scheduler="sync"):
        dask.compute(*[delayed(note)(i) for i in items])
    return list(seen)


def in_process_client(items):
    with Client(processes=False) as client:
        client.gather(client.map(add, items))
    return total


def in_process_cluster(items):
    cluster = LocalCluster(processes=False)
    client = Client(cluster)
    futures = client.map(hit, items)
    client.gather(futures)
    client.close()
    return hits


def in_process_cluster_compute(items):
    with LocalCluster(processes=False) as cluster, Client(cluster):
        dask.compute(*[delayed(hit)(i) for i in items])
    return hits
