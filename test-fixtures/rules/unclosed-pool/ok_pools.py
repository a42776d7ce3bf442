"""Pools used with `with`, closed in `finally`, owned elsewhere, or long-lived at module level (pylint#4689)."""
import atexit
import multiprocessing
from concurrent.futures import ThreadPoolExecutor

shared_executor = ThreadPoolExecutor(max_workers=8)


def square(x):
    return x * x


def with_block(xs):
    with multiprocessing.Pool() as pool:
        return pool.map(square, xs)


def in_finally(xs):
    executor = ThreadPoolExecutor()
    try:
        return list(executor.map(square, xs))
    finally:
        executor.shutdown(wait=True)


def closed_and_joined(xs):
    pool = multiprocessing.Pool()
    out = pool.map(square, xs)
    pool.close()
    pool.join()
    return out


def factory():
    executor = ThreadPoolExecutor()
    return executor


def registered():
    executor = ThreadPoolExecutor()
    atexit.register(executor.shutdown)
    return None


class Service:
    def __init__(self):
        self.pool = ThreadPoolExecutor()

    def start(self):
        global_pool = ThreadPoolExecutor()
        self.extra = global_pool


def module_lifetime():
    global shared_executor
    shared_executor = ThreadPoolExecutor(max_workers=2)


def daemon():
    p = multiprocessing.Process(target=square, args=(1,), daemon=True)
    p.start()


def joined():
    p = multiprocessing.Process(target=square, args=(1,))
    p.start()
    p.join()
