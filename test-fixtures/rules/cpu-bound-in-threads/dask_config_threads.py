"""Threads chosen by dask.config.set or an in-process distributed Client: the GIL serialises CPU work there too."""
import dask
from dask import delayed
from dask.distributed import Client


def count_primes(limit):
    found = 0
    for n in range(2, limit):
        if all(n % d for d in range(2, int(n ** 0.5) + 1)):
            found += 1
    return found


def under_config(limits):
    with dask.config.set(scheduler="threads"):
        return dask.compute(*[delayed(count_primes)(n) for n in limits])
        #                             ^^^^^^^^^^^^ cpu-bound-in-threads


def on_in_process_client(limits):
    with Client(processes=False) as client:
        return client.compute([delayed(count_primes)(n) for n in limits], sync=True)
        #                              ^^^^^^^^^^^^ cpu-bound-in-threads
