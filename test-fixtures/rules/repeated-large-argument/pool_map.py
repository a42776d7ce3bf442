"""A process pool's map sends the function and its items with every task: a partial or a repeated item carries the big object each time."""
import functools
import itertools
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

LOOKUP = {n: n * n for n in range(100_000)}


def match(table, key):
    return table.get(key)


def lookup(key, table):
    return key in table


def with_partial(keys):
    with ProcessPoolExecutor() as ex:
        return list(ex.map(functools.partial(match, LOOKUP), keys))
        #                                           ^^^^^^ repeated-large-argument


def with_repeat(keys):
    with ProcessPoolExecutor() as ex:
        return list(ex.map(match, itertools.repeat(LOOKUP), keys))
        #                                          ^^^^^^ repeated-large-argument


def with_pool_partial(keys):
    table = list(LOOKUP)
    with multiprocessing.Pool() as pool:
        return pool.map(functools.partial(lookup, table=table), keys)
        #                                               ^^^^^ repeated-large-argument

