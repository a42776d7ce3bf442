"""A file-metadata query once per round of a loop that awaits a sleep every round is a
timer: one stat per interval (a script reloader watching its file's mtime)."""
import asyncio
import os
import os.path
from pathlib import Path

import anyio
import trio
from aiohttp import web

RELOAD_INTERVAL = 1


class Watcher:
    def __init__(self, path):
        self.path = path
        self.changes = []

    async def watch(self, request: web.Request):
        last_mtime = 0
        while True:
            try:
                mtime = os.stat(self.path).st_mtime
            except FileNotFoundError:
                return
            if mtime > last_mtime:
                self.changes.append(mtime)
                last_mtime = mtime
            await asyncio.sleep(RELOAD_INTERVAL)


def _modified(path):
    return os.path.getmtime(path)


async def poll_through_helper(request: web.Request, path, seen):
    while True:
        seen.append(_modified(path))
        await asyncio.sleep(2.5)


async def wait_until_gone(request: web.Request, path):
    while Path(path).exists():
        await trio.sleep(0.5)


async def heartbeat(request: web.Request, path, interval):
    while True:
        if not os.path.isfile(path):
            break
        await anyio.sleep(interval)
