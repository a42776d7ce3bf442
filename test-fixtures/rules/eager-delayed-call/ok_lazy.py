"""The lazy spellings, and calls whose result is itself the function to delay."""
import functools

import dask
from dask import delayed
from joblib import Parallel
from joblib import delayed as jdelayed


def score(x, scale=1):
    return x * scale


def make_scorer(scale):
    return functools.partial(score, scale=scale)


def lazy(xs):
    return dask.compute(*[delayed(score)(x) for x in xs])


def lazy_joblib(xs):
    return Parallel(n_jobs=2)(jdelayed(score)(x) for x in xs)


def factory_then_call(xs):
    return dask.compute(*[delayed(make_scorer(2))(x) for x in xs])


def partial_wrapped(xs):
    return Parallel(n_jobs=2)(jdelayed(functools.partial(score, scale=3))(x) for x in xs)


def wrap_a_value(data):
    return delayed(data)


@delayed
def add(a, b):
    return a + b


def decorated(xs):
    return dask.compute(add(1, 2))


def own_delayed(f):
    return f


def not_dask(xs):
    return [own_delayed(score(x)) for x in xs]


class Box:
    def __init__(self, v):
        self.v = v


def wrap_new_values(n):
    return [delayed(object()) for _ in range(n)] + [delayed(Box(i)) for i in range(n)]


def wrap_constant():
    import numpy as np
    return delayed(np.array([1], dtype="f8"))
