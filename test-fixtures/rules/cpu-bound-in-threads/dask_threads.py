"""Dask's threaded scheduler on pure-Python CPU work: the GIL serialises the tasks."""
import dask
from dask import delayed as dl


def count_primes(limit):
    found = 0
    for n in range(2, limit):
        if all(n % d for d in range(2, int(n ** 0.5) + 1)):
            found += 1
    return found


@dl
def checksum(data):
    total = 0
    for b in data:
        total = (total * 31 + b) % 1_000_003
    return total


def primes_on_threads(limits):
    return dask.compute(*[dl(count_primes)(n) for n in limits], scheduler="threads")
    #                        ^^^^^^^^^^^^ cpu-bound-in-threads


def checksums_on_threads(blocks):
    parts = [checksum(b) for b in blocks]
    #        ^^^^^^^^ cpu-bound-in-threads
    return dask.compute(parts, scheduler="threads")
