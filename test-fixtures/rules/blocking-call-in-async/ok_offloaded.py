"""Nothing here blocks the event loop."""
import asyncio
import functools
import queue
import threading
import time

import requests

lock = threading.Lock()
jobs = queue.Queue()


def sleep(seconds):
    """A user's own function named sleep: not time.sleep."""
    return seconds


def load(path):
    with open(path) as f:
        return f.read()


async def offloaded(url, path):
    page = await asyncio.to_thread(requests.get, url)
    data = await asyncio.to_thread(load, path)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, time.sleep, 1)
    await loop.run_in_executor(None, functools.partial(load, path))
    await loop.run_in_executor(None, lambda: time.sleep(1))
    return page, data


async def own_sleep():
    await asyncio.sleep(1)
    sleep(3)


async def non_blocking_variants():
    lock.acquire(blocking=False)
    jobs.get(timeout=0)
    jobs.get_nowait()
    jobs.put(1, block=False)


def sync_main():
    time.sleep(1)
    print(load("x"))


async def spawns_thread_worker():
    def worker():
        time.sleep(1)

    threading.Thread(target=worker).start()


time.sleep(0)


async def size_gated_upload(path, data):
    def write(data):
        with open(path, "wb") as f:
            f.write(data)
        return data

    # Small uploads inline, large ones in a thread: the author decided per size.
    if len(data) < 10000:
        data = write(data)
    else:
        data = await asyncio.to_thread(write, data)
    return data
