"""Receivers that may be one of several classes, none of whose method blocks, or
whose other candidates are of unknown type: left alone. So are a binding replaced
on every path before the use, and a function one of whose returns is unknown."""
from typing import Optional, Union

import requests


class FakeClient:
    def get(self, url):
        return url


class OtherFake:
    def get(self, url):
        return url.upper()


def unknown_factory():
    return globals()["factory"]()


async def fetch_either(url, offline):
    client = FakeClient() if offline else OtherFake()
    return client.get(url)


async def fetch_unknown_other(url, offline):
    client = FakeClient() if offline else unknown_factory()
    return client.get(url)


async def fetch_annotated(client: FakeClient | OtherFake | None, url):
    return client.get(url)


async def fetch_union(client: Union[FakeClient, OtherFake], other: Optional[FakeClient], url):
    return client.get(url), other.get(url)


async def fetch_replaced(url):
    client = requests.Session()
    client = FakeClient()
    return client.get(url)


class Api:
    def __init__(self, session: Optional[FakeClient] = None):
        self.session = session or OtherFake()

    async def fetch(self, url):
        return self.session.get(url)


def make_client(offline):
    if offline:
        return requests.Session()
    return unknown_factory()


async def fetch_made(url):
    return make_client(False).get(url)


async def open_client():
    return requests.Session()


async def fetch_coroutine(url):
    client = open_client()
    return client.get(url)
