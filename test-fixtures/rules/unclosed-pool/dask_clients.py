"""A Dask Client made in a function and never closed keeps its cluster running."""
from dask.distributed import Client
import distributed


def score(x):
    return x + 1


def never_closed(xs):
    client = Client(n_workers=2)
    #        ^^^^^^^^^^^^^^^^^^^ unclosed-pool
    return client.gather(client.map(score, xs))


def module_spelling(address, xs):
    client = distributed.Client(address)
    #        ^^^^^^^^^^^^^^^^^^^^^^^^^^^ unclosed-pool
    futures = client.map(score, xs)
    if not xs:
        client.close()
    return client.gather(futures)
