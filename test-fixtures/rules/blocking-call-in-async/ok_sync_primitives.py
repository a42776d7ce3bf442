"""Primitives left alone: asyncio's own, calls that return at once, offloaded waits, sync code."""
import asyncio
import os
import queue
import threading
from concurrent.futures import ThreadPoolExecutor

lock = threading.Lock()
ready = threading.Event()
jobs = queue.Queue()


async def asyncio_primitives():
    await asyncio.sleep(1)
    alock = asyncio.Lock()
    async with alock:
        pass
    event = asyncio.Event()
    event.set()
    await event.wait()
    q = asyncio.Queue()
    await q.put(1)
    return await q.get()


async def return_at_once(fn):
    lock.acquire(False)
    lock.acquire(blocking=False)
    lock.acquire(timeout=0)
    ready.wait(0)
    ready.wait(timeout=0)
    ready.is_set()
    jobs.get(False)
    jobs.get(block=False)
    jobs.get_nowait()
    jobs.put(1)
    jobs.put_nowait(2)
    lock.release()
    with ThreadPoolExecutor() as ex:
        fut = ex.submit(fn)
        fut.done()
        fut.result(timeout=0)
        return await asyncio.wrap_future(fut)


async def offloaded():
    await asyncio.to_thread(ready.wait)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, jobs.get)


class Pool:
    """Like redis' ConnectionPool._checkpid: the lock is taken once in a forked child, not on each call."""

    def __init__(self):
        self.pid = os.getpid()
        self.fork_lock = threading.Lock()

    async def get_connection(self):
        if self.pid != os.getpid():
            self.fork_lock.acquire(timeout=5)
            self.reset()
            self.fork_lock.release()

    def reset(self):
        self.pid = os.getpid()


def sync_worker():
    lock.acquire()
    ready.wait()
    return jobs.get()
