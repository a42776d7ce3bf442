"""The standard library's process pools use plain pickle: a lambda still fails there, beside a joblib call that is fine."""
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import Pool

from joblib import Parallel, delayed


def mixed(xs):
    ok = Parallel(n_jobs=2)(delayed(lambda v: v + 1)(x) for x in xs)
    with ProcessPoolExecutor() as ex:
        bad = list(ex.map(lambda v: v + 1, xs))
        #                 ^^^^^^^^^^^^^^^ unpicklable-task
    with Pool() as pool:
        worse = pool.map(lambda v: v - 1, xs)
        #                ^^^^^^^^^^^^^^^ unpicklable-task
    return ok, bad, worse
