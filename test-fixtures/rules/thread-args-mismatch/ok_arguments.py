"""Arguments that fit, or that cannot be known statically."""
import functools
import multiprocessing
import threading
from concurrent.futures import ThreadPoolExecutor


def worker(name, count, *, verbose=False):
    return name, count, verbose


def flexible(*args, **kwargs):
    return args, kwargs


class Job:
    def run(self, item):
        return item


def main(job: Job, extra):
    threading.Thread(target=worker, args=("a", 1)).start()
    threading.Thread(target=worker, args=["a", 1], kwargs={"verbose": True}).start()
    threading.Thread(target=worker, args=("a",), kwargs={"count": 2}).start()
    threading.Thread(target=flexible, args=(1, 2, 3)).start()
    threading.Thread(target=worker, args=extra).start()
    threading.Thread(target=functools.partial(worker, "a"), args=(1,)).start()
    multiprocessing.Process(target=worker, args=("a", 1)).start()
    with ThreadPoolExecutor() as ex:
        ex.submit(job.run, 1)
        ex.submit(worker, *extra)
        list(ex.map(worker, ["a"], [1]))
