"""Teardown with hot-path evidence: a request handler makes and closes the object on
every request, so the close's thread join blocks the loop per request; a close also
awaited per item of data is not teardown only."""
import threading

from aiohttp import web


class SessionCore:
    def __init__(self):
        self._worker = threading.Thread(target=lambda: None)

    def _join_session_worker(self):
        self._worker.join()
       #^^^^^^^^^^^^^^^^^^^ blocking-call-in-async

    async def _async_stop_session(self):
        self._join_session_worker()


class RequestSession:
    def __init__(self):
        self.core = SessionCore()

    async def close_request_session(self):
        await self.core._async_stop_session()

    async def __aexit__(self, *exc):
        await self.close_request_session()


async def handle_lookup(request: web.Request):
    session = RequestSession()
    await session.close_request_session()
    return web.Response(text="ok")


class PoolCore:
    def __init__(self):
        self._worker = threading.Thread(target=lambda: None)

    async def stop_pool_member(self):
        self._worker.join()
       #^^^^^^^^^^^^^^^^^^^ blocking-call-in-async


MEMBERS = [PoolCore(), PoolCore()]


async def rotate(members):
    # Awaited once per member in a loop: not a one-time teardown.
    for member in members:
        pool_member: PoolCore = member
        await pool_member.stop_pool_member()
