"""Generators that read files, handed on rather than iterated: calling one runs none of its body."""
import asyncio
from aiohttp import web


def read_chunks(path):
    with open(path, "rb") as f:
        yield from iter(lambda: f.read(65536), b"")


class Response:
    def __init__(self, body):
        self.body = body


async def download(request: web.Request, path):
    # Whoever serves the response iterates the body, maybe in a thread: nothing blocks here.
    return Response(read_chunks(path))


async def total_size(request: web.Request, path):
    loop = asyncio.get_running_loop()
    chunks = await loop.run_in_executor(None, list, read_chunks(path))
    return sum(len(c) for c in chunks)
