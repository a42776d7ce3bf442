"""Queue.get() after a check that the queue holds an item returns at once: not blocking."""
import asyncio
import queue

jobs = queue.Queue()


async def drain():
    items = []
    while not jobs.empty():
        items.append(jobs.get())
    return items


async def take_one():
    if not jobs.empty():
        return jobs.get()
    if jobs.qsize() > 0:
        return jobs.get()
    return None


async def after_assert():
    q = queue.Queue()
    await asyncio.sleep(0)
    assert q.qsize() == 3
    return {q.get(), q.get(), q.get()}


async def after_wait():
    while jobs.empty():
        await asyncio.sleep(0.1)
    return jobs.get()


async def after_early_return():
    if jobs.empty():
        return None
    return jobs.get()


async def no_wait():
    a = jobs.get_nowait()
    b = jobs.get(block=False)
    c = jobs.get(timeout=0)
    return a, b, c


class Results:
    def __init__(self):
        self.queue = queue.Queue()
        self.condition = asyncio.Condition()

    def _take(self):
        return self.queue.get()

    async def __anext__(self):
        while self.queue.empty():
            async with self.condition:
                await self.condition.wait()
        return self._take()

    async def clear(self):
        while not self.queue.empty():
            self.queue.get()
