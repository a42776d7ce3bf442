"""Module-level functions, partials of them, picklable bound methods, and lambdas on threads."""
import functools
import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor


def double(x):
    return 2 * x


class Scaler:
    def __init__(self, factor):
        self.factor = factor

    def scale(self, x):
        return x * self.factor


def run(xs):
    s = Scaler(3)
    with ProcessPoolExecutor() as ex:
        ex.map(double, xs)
        ex.submit(functools.partial(double, 2))
        ex.submit(s.scale, 1)
    with ThreadPoolExecutor() as tx:
        tx.submit(lambda: 42)
    threading.Thread(target=lambda: None).start()
