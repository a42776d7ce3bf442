"""The inner function is itself computed, so the rewrite would move more than the call: no fix."""
from dask import delayed


def pick(kind):
    return abs if kind else len


def run(xs, kind):
    return [delayed(pick(kind)(x)) for x in xs]
    #       ^^^^^^^^^^^^^^^^^^^^^^ eager-delayed-call
