"""Function-local pools that are never closed, or not on every path."""
import multiprocessing
import multiprocessing.pool
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor


def square(x):
    return x * x


def never_closed(xs):
    pool = multiprocessing.Pool(4)
    #      ^^^^^^^^^^^^^^^^^^^^^^^ unclosed-pool
    return pool.map(square, xs)


def only_sometimes(xs, fast):
    executor = ThreadPoolExecutor()
    #          ^^^^^^^^^^^^^^^^^^^^ unclosed-pool
    results = list(executor.map(square, xs))
    if fast:
        executor.shutdown()
    return results


def early_return(xs):
    executor = ProcessPoolExecutor()
    #          ^^^^^^^^^^^^^^^^^^^^^ unclosed-pool
    if not xs:
        return []
    results = list(executor.map(square, xs))
    executor.shutdown()
    return results


def closed_not_joined(xs):
    pool = multiprocessing.Pool()
    #      ^^^^^^^^^^^^^^^^^^^^^^ unclosed-pool
    out = pool.map(square, xs)
    pool.close()
    return out


def throwaway(xs):
    return ProcessPoolExecutor().map(square, xs)
    #      ^^^^^^^^^^^^^^^^^^^^^ unclosed-pool


def unjoined_process():
    p = multiprocessing.Process(target=square, args=(2,))
    #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ unclosed-pool
    p.start()


def submitted_not_waited():
    # The future is returned, not waited for: the executor's worker is still busy when it is dropped.
    return ThreadPoolExecutor(1).submit(square, 3)
    #      ^^^^^^^^^^^^^^^^^^^^^ unclosed-pool


def submitted_then_other_pool_method(xs):
    # One task waited for, but a multiprocessing pool does not stop its workers when dropped.
    return multiprocessing.pool.ThreadPool(1).apply_async(square, (3,)).get()
    #      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ unclosed-pool
