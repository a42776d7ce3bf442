"""The same runner built without the flag (or with it turned off) does block."""
import asyncio
import threading


class LoopRunner:
    def __init__(self, asynchronous=False, verbose=False):
        self._asynchronous = asynchronous
        self._verbose = verbose

    def start(self):
        self._start_unlocked()

    def _start_unlocked(self):
        if self._asynchronous:
            return
        ready = threading.Event()
        threading.Thread(target=ready.set).start()
        ready.wait()
      # ^^^^^^^^^^^^ blocking-call-in-async

    def start_checked_late(self):
        ready = threading.Event()
        ready.wait()
      # ^^^^^^^^^^^^ blocking-call-in-async
        if self._asynchronous:
            return


async def default_mode():
    runner = LoopRunner()
    runner.start()


async def flag_turned_off():
    runner = LoopRunner(asynchronous=True)
    runner._asynchronous = False
    runner.start()


async def other_flag():
    runner = LoopRunner(verbose=True)
    runner.start()


async def check_after_the_wait():
    runner = LoopRunner(asynchronous=True)
    runner.start_checked_late()
