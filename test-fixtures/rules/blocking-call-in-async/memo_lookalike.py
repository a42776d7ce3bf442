"""Looks like a cache, but the blocking call still runs on every request."""
import subprocess
from aiohttp import web

_busy = False


def read_uncached(path):
    cached = None
    if cached is None:
        with open(path) as f:
        #    ^^^^^^^^^^ blocking-call-in-async
            cached = f.read()
    return cached


async def handle(request: web.Request, path):
    return read_uncached(path)


async def exclusive(request: web.Request, cmd):
    global _busy
    if not _busy:
        _busy = True
        out = subprocess.check_output(cmd)
        #     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
        _busy = False
        return out
    return b""
