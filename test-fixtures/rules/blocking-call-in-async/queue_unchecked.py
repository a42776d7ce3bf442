"""Queue.get() where the check does not prove an item is there: still blocking."""
import asyncio
import queue

jobs = queue.Queue()
other = queue.Queue()


async def wrong_queue():
    if not other.empty():
        return jobs.get()
        #      ^^^^^^^^^^ blocking-call-in-async
    return None


async def one_item_two_gets():
    if not jobs.empty():
        first = jobs.get()
        second = jobs.get()
        #        ^^^^^^^^^^ blocking-call-in-async
        return first, second
    return None


async def fewer_than_asserted():
    assert jobs.qsize() == 1
    return jobs.get(), jobs.get()
    #                  ^^^^^^^^^^ blocking-call-in-async


async def checked_empty_in_else():
    if jobs.empty():
        print("empty")
    return jobs.get()
    #      ^^^^^^^^^^ blocking-call-in-async


async def loop_that_breaks():
    while jobs.empty():
        if asyncio.current_task().cancelled():
            break
        await asyncio.sleep(0.1)
    return jobs.get()
    #      ^^^^^^^^^^ blocking-call-in-async


class Results:
    def __init__(self):
        self.queue = queue.Queue()

    def _take(self):
        return self.queue.get()
        #      ^^^^^^^^^^^^^^^^ blocking-call-in-async

    async def unchecked(self):
        return self._take()
