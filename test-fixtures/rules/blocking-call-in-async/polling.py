"""Polling loops that still block: a sleep-paced loop runs its body once per interval,
but a file read, a directory walk, a query per file or an unpaced loop holds up
every other task for its whole duration."""
import asyncio
import os
from pathlib import Path
from aiohttp import web


async def reread_config(request: web.Request, path):
    # Reads the file's data every round: not a metadata query.
    while True:
        with open(path) as f:
        #    ^^^^^^^^^^ blocking-call-in-async
            settings = f.read()
        print(settings)
        await asyncio.sleep(5)


async def watch_tree(request: web.Request, root):
    # One stat per file of a tree, each round: grows with the tree.
    last = {}
    while True:
        for name in os.listdir(root):
        #           ^^^^^^^^^^^^^^^^ blocking-call-in-async
            last[name] = os.stat(os.path.join(root, name)).st_mtime
            #            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
        await asyncio.sleep(1)


async def wait_for_file(request: web.Request, path):
    # No sleep between rounds: a busy loop of stats on the event loop.
    while not os.path.exists(path):
    #         ^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
        await asyncio.sleep(0)


async def skip_the_sleep(request: web.Request, path, seen):
    # `continue` goes round again without sleeping.
    while True:
        if Path(path).exists():
        #  ^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
            seen.append(path)
            continue
        await asyncio.sleep(1)


async def sleep_only_sometimes(request: web.Request, path, changed):
    # The sleep is in a branch: the rounds that skip it run back to back.
    while True:
        mtime = os.path.getmtime(path)
        #       ^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
        if mtime == changed[-1]:
            await asyncio.sleep(1)
        changed.append(mtime)


def _size_of_each(paths):
    return [os.path.getsize(p) for p in paths]
    #       ^^^^^^^^^^^^^^^^^^ blocking-call-in-async


async def report_sizes(request: web.Request, paths):
    # Paced, but the helper stats every path each round.
    while True:
        print(_size_of_each(paths))
        await asyncio.sleep(10)
