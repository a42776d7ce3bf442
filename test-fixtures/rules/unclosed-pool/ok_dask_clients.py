"""Dask clients closed, used with `with`, or handed to the caller."""
from dask.distributed import Client


def score(x):
    return x + 1


def with_block(xs):
    with Client(processes=False) as client:
        return client.gather(client.map(score, xs))


def closed_in_finally(xs):
    client = Client()
    try:
        return client.gather(client.map(score, xs))
    finally:
        client.close()


def connect(address):
    client = Client(address)
    return client


shared = Client


def closed_after_a_with_block(xs, recorder):
    with recorder:
        client = Client(asynchronous=False)
    out = client.gather(client.map(score, xs))
    client.close()
    return out


def bad_arguments_raise():
    import pytest
    with pytest.raises(TypeError):
        client = Client("127.0.0.1:8786", n_workers=2)
