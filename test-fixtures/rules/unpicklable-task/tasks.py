"""Callables pickle cannot send to another process."""
import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor


class Worker:
    def __init__(self):
        self.lock = threading.Lock()

    def process(self, x):
        return x


def run(xs):
    def double(x):
        return 2 * x

    class Local:
        pass

    w = Worker()
    with ProcessPoolExecutor() as ex:
        ex.submit(lambda: 42)
        #         ^^^^^^^^^^ unpicklable-task
        ex.map(double, xs)
        #      ^^^^^^ unpicklable-task
        ex.submit(w.process, 1)
        #         ^^^^^^^^^ unpicklable-task
        ex.submit(Local)
        #         ^^^^^ unpicklable-task
    with multiprocessing.Pool() as pool:
        pool.map(lambda x: x + 1, xs)
        #        ^^^^^^^^^^^^^^^ unpicklable-task
    p = multiprocessing.Process(target=double, args=(1,))
    #                                  ^^^^^^ unpicklable-task
    p.start()
    p.join()
