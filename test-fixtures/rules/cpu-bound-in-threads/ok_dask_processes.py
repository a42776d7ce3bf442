"""Dask on processes, on threads for I/O, or on its unspoken default: not evidence of CPU work serialised by the GIL."""
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


def primes_under_config(limits):
    with dask.config.set(scheduler="processes"):
        return dask.compute(*[delayed(count_primes)(n) for n in limits])


def primes_on_dask_default(limits):
    return dask.compute(*[delayed(count_primes)(n) for n in limits])
