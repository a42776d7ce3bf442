"""Generators that read files, iterated in async code: their reads run on the event loop."""
from aiohttp import web



def read_lines(path):
    with open(path) as f:
    #    ^^^^^^^^^^ blocking-call-in-async
        yield from f


async def count_lines(request: web.Request, path):
    n = 0
    for _ in read_lines(path):
        n += 1
    return n


async def head(request: web.Request, path):
    lines = read_lines(path)
    return list(lines)[:10]


async def joined(request: web.Request, path):
    return "".join(read_lines(path))
