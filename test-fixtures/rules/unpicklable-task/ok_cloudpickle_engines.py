"""Ray, Dask and joblib's default loky backend pickle with cloudpickle: lambdas and nested functions travel."""
import dask
import ray
from dask import delayed
from dask.distributed import Client
from joblib import Parallel
from joblib import delayed as jdelayed


def joblib_lambda(xs):
    return Parallel(n_jobs=2)(jdelayed(lambda v: v * 2)(x) for x in xs)


def joblib_nested(xs):
    def double(v):
        return v * 2
    return Parallel(n_jobs=2, backend="loky")(jdelayed(double)(x) for x in xs)


def dask_client_lambda(xs):
    with Client() as client:
        return client.gather(client.map(lambda v: v + 1, xs))


def dask_delayed_nested(xs):
    def square(v):
        return v * v
    return dask.compute(*[delayed(square)(x) for x in xs], scheduler="processes")


def ray_nested(xs):
    def triple(v):
        return v * 3
    remote_triple = ray.remote(triple)
    return ray.get([remote_triple.remote(x) for x in xs])
