"""A generator with nested loops, handed on rather than iterated: calling it runs none of its body."""


def pairs(xs, ys):
    for x in xs:
        for y in ys:
            yield x, y


class Stream:
    def __init__(self, items):
        self.items = items


async def all_pairs(xs, ys):
    # The consumer of the stream does the work, wherever it runs.
    return Stream(pairs(xs, ys))
