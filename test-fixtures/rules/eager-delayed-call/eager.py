"""delayed(f(x)) runs f at once, in this process; delayed(f)(x) is the lazy spelling."""
import dask
import dask as dk
from dask import delayed as dl
from joblib import Parallel, delayed


def load(path):
    with open(path) as f:
        return f.read()


def score(x, scale=1):
    return x * scale


def dask_eager(paths):
    parts = [dl(load(p)) for p in paths]
    #        ^^^^^^^^^^^ eager-delayed-call
    return dask.compute(*parts)


def dask_module_spelling(xs):
    return dk.compute(*[dk.delayed(score(x, scale=2), pure=True) for x in xs])
    #                   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ eager-delayed-call


def joblib_eager(xs):
    return Parallel(n_jobs=2)(delayed(score(x)) for x in xs)
    #                         ^^^^^^^^^^^^^^^^^ eager-delayed-call
