"""Maps whose items differ per task, small bound values, an initializer, or threads."""
import functools
import itertools
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

LOOKUP = {n: n * n for n in range(100_000)}
SCALE = 3


def match(table, key):
    return table.get(key)


def scale(factor, key):
    return factor * key


def _init(table):
    global _TABLE
    _TABLE = table


_TABLE = None


def per_item(chunks):
    with ProcessPoolExecutor() as ex:
        return list(ex.map(len, chunks))


def small_partial(keys):
    with ProcessPoolExecutor() as ex:
        return list(ex.map(functools.partial(scale, SCALE), keys))


def initializer(keys):
    with ProcessPoolExecutor(initializer=_init, initargs=(LOOKUP,)) as ex:
        return list(ex.map(functools.partial(scale, 2), keys))


def threads(keys):
    with ThreadPoolExecutor() as ex:
        return list(ex.map(match, itertools.repeat(LOOKUP), keys))
