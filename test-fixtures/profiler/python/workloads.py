"""Python workloads for the profiler's tests."""
import asyncio
import multiprocessing
import os
import time


# loopwise-profile-args: [[3000000], [3000000], [3000000], [3000000]]
def naive_sum(n):
    """CPU-bound pure Python: the GIL serialises it across threads."""
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def sleepy(ms):
    """Waits, as a blocking network call would; sleeping releases the GIL."""
    time.sleep(ms / 1000)
    return ms


async def async_sleepy(ms):
    await asyncio.sleep(ms / 1000)
    return ms


def fails(x):
    if x > 1:
        raise ValueError(f"bad input {x}")
    return x


def spins_forever():
    while True:
        pass


def exits(code):
    raise SystemExit(code)


def kills_worker(x):
    """Dies hard, but only inside a worker process, so the sequential run passes."""
    if multiprocessing.current_process().name != "MainProcess":
        os._exit(3)
    return x


def hoards():
    hoard = []
    while True:
        hoard.append(bytearray(10_000_000))
