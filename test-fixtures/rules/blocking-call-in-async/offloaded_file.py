"""Files opened here and read or written on the event loop, even when they are also
handed to a reader that works in a thread: the open() stands for the data I/O."""
import asyncio
import aiohttp
from aiohttp import ClientSession

from handed_reader import remember
from aiohttp import web


async def upload_and_checksum(request: web.Request, url, path):
    f = open(path, "rb")
    #   ^^^^^^^^^^^^^^^^ blocking-call-in-async
    header = f.read(16)
    async with ClientSession() as session:
        await session.put(url, data=f)
    return header


async def handed_to_another_call(request: web.Request, url, path, sink):
    with open(path, "rb") as f:
    #    ^^^^^^^^^^^^^^^^ blocking-call-in-async
        sink(f)
        async with aiohttp.ClientSession() as session:
            await session.post(url, data=f)


async def wrong_argument(request: web.Request, url, path):
    # `params=` is not a body: nothing reads the file in a thread.
    f = open(path)
    #   ^^^^^^^^^^ blocking-call-in-async
    async with ClientSession() as session:
        await session.get(url, params=f)


async def iterated_here(request: web.Request, path, out):
    with open(path) as f:
    #    ^^^^^^^^^^ blocking-call-in-async
        for line in f:
            out.append(line)
        await asyncio.to_thread(out.sort)


async def kept_open(request: web.Request, path, registry):
    # Handed to a helper that reads nothing: the open() is the only I/O to report.
    f = open(path)
    #   ^^^^^^^^^^ blocking-call-in-async
    remember(f, registry)
