"""Workloads for the profiler's joblib and Dask runs (test/unit/profiler-engines.test.ts)."""
import multiprocessing
import os
import time


def _in_engine_worker():
    # loky names its workers LokyProcess-N; a Dask nanny's worker process is
    # "Dask Worker process (from Nanny)". The process pool's are SpawnProcess/ForkProcess.
    name = multiprocessing.current_process().name
    return name.startswith("LokyProcess") or name.startswith("Dask")


def count_primes(n):
    """CPU-bound pure Python: a naive prime count below n."""
    count = 0
    for k in range(2, n):
        d = 2
        while d * d <= k:
            if k % d == 0:
                break
            d += 1
        else:
            count += 1
    return count


def tiny(x):
    """Far shorter than handing it to a worker process."""
    return x + 1


def dies_in_engine(x):
    """Kills its worker process, but only a joblib or Dask worker: the other runs pass."""
    if _in_engine_worker():
        os._exit(3)
    return x * 2


def hangs_in_engine(marker):
    """Never returns in a joblib or Dask worker (and says it started there); returns elsewhere."""
    if _in_engine_worker():
        with open(marker, "w") as f:
            f.write(str(os.getpid()))
        while True:
            time.sleep(0.05)
    return marker
