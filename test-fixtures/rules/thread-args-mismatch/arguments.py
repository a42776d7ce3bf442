"""Arguments that do not fit the target's signature."""
import multiprocessing
import threading
from concurrent.futures import ThreadPoolExecutor


def worker(name, count, *, verbose=False):
    return name, count, verbose


def greet(name):
    return name


class Job:
    def run(self, item):
        return item


def main(job: Job):
    threading.Thread(target=worker, args=("a",)).start()
    #                                    ^^^^^^ thread-args-mismatch
    threading.Thread(target=greet, args=("a", "b")).start()
    #                                   ^^^^^^^^^^ thread-args-mismatch
    threading.Thread(target=greet, args=("solo")).start()
    #                                   ^^^^^^^^ thread-args-mismatch
    multiprocessing.Process(target=worker, args=("a", 1), kwargs={"loud": True}).start()
    #                                           ^^^^^^^^ thread-args-mismatch
    with ThreadPoolExecutor() as ex:
        ex.submit(job.run, 1, 2)
      # ^^^^^^^^^^^^^^^^^^^^^^^^ thread-args-mismatch
    with multiprocessing.Pool() as pool:
        pool.apply(greet, (1, 2))
        #                 ^^^^^^ thread-args-mismatch
