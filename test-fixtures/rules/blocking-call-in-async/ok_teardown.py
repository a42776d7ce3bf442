"""Teardown runs once per object: an async close that only `__aexit__`, other teardown
or a function closing the object it made itself awaits, joining the library's own
loop thread. Reported only with hot-path evidence (teardown.py)."""
import asyncio
import threading


class BeaconCore:
    def __init__(self):
        self.done = False
        self._loop_thread = threading.Thread(target=lambda: None)

    def _stop_beacon_threads(self):
        if self._loop_thread is None:
            return
        self._loop_thread.join()
        self._loop_thread = None

    async def _async_stop_beacon(self):
        self.done = True
        self._stop_beacon_threads()


class AsyncBeacon:
    def __init__(self):
        self.core = BeaconCore()

    async def async_close_beacon(self):
        await self.core._async_stop_beacon()

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        await self.async_close_beacon()

    @classmethod
    async def find_beacons(cls, given=None, timeout=3):
        local = given or cls()
        await asyncio.sleep(timeout)
        if given is None:
            # Closes what it opened: the end of that object's life.
            await local.async_close_beacon()
        return []
