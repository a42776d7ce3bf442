"""dask.config.set at module level sends every compute below to worker processes, unless a call names its scheduler."""
import dask
from dask import delayed

dask.config.set(scheduler="processes")

cache = {}


def fill(key):
    cache[key] = key * 2
  # ^^^^^^^^^^^^^^^^^^^^ global-in-worker-process
    return key


def compute_all(keys):
    dask.compute(*[delayed(fill)(k) for k in keys])
    return len(cache)


def on_threads(keys):
    dask.compute(*[delayed(fill)(k) for k in keys], scheduler="threads")
    return len(cache)
