"""Dask on processes, or on threads for I/O: not serialised by the GIL in a way that matters."""
import urllib.request

import dask
from dask import delayed


def count_primes(limit):
    found = 0
    for n in range(2, limit):
        if all(n % d for d in range(2, int(n ** 0.5) + 1)):
            found += 1
    return found


def fetch(url):
    with urllib.request.urlopen(url) as r:
        return r.read()


def primes_on_processes(limits):
    return dask.compute(*[delayed(count_primes)(n) for n in limits], scheduler="processes")


def downloads_on_threads(urls):
    return dask.compute(*[delayed(fetch)(u) for u in urls], scheduler="threads")
