"""A method that returns before it blocks when the object was built with a flag set."""
import asyncio
import threading


class LoopRunner:
    def __init__(self, asynchronous=False):
        self._asynchronous = asynchronous
        self._started = False

    def start(self):
        self._start_unlocked()

    def _start_unlocked(self):
        if self._asynchronous or self._started:
            self._started = True
            return
        ready = threading.Event()
        threading.Thread(target=ready.set).start()
        ready.wait()
        self._started = True


async def uses_the_running_loop():
    runner = LoopRunner(asynchronous=True)
    await asyncio.sleep(0)
    runner.start()
