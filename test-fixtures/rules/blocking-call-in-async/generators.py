"""Generators that read files, iterated in async code: their reads run on the event loop."""


def read_lines(path):
    with open(path) as f:
    #    ^^^^^^^^^^ blocking-call-in-async
        yield from f


async def count_lines(path):
    n = 0
    for _ in read_lines(path):
        n += 1
    return n


async def head(path):
    lines = read_lines(path)
    return list(lines)[:10]


async def joined(path):
    return "".join(read_lines(path))
