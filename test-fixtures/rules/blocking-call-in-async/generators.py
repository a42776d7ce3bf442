"""Generators that read files, iterated in async code: their reads run on the event loop."""


def read_lines(path):
    with open(path) as f:
        yield from f


async def count_lines(path):
    n = 0
    for _ in read_lines(path):
        #    ^^^^^^^^^^^^^^^^ blocking-call-in-async
        n += 1
    return n


async def head(path):
    lines = read_lines(path)
    #       ^^^^^^^^^^^^^^^^ blocking-call-in-async
    return list(lines)[:10]


async def joined(path):
    return "".join(read_lines(path))
    #              ^^^^^^^^^^^^^^^^ blocking-call-in-async
