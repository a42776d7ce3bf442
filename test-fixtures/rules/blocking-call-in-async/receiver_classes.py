"""Receivers that may be one of several classes are followed into each: the call
blocks when any candidate's method does. Attributes set in `__init__` (also
`param or Known()`, in a base class, or declared in the class body) and what a
project function returns give the receiver its type."""
from typing import Union

import requests
from aiohttp import web


class FakeClient:
    def get(self, url):
        return url


class MemoryStore:
    def __init__(self):
        self.items = {}

    def load(self, key):
        return self.items.get(key)


class DiskStore:
    def load(self, key):
        with open(f"/var/cache/{key}") as f:
        #    ^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
            return f.read()


async def fetch_either(request: web.Request, url, offline):
    client = FakeClient() if offline else requests.Session()
    return client.get(url)
    #      ^^^^^^^^^^^^^^^ blocking-call-in-async


async def fetch_branches(request: web.Request, url, offline):
    if offline:
        client = FakeClient()
    else:
        client = requests.Session()
    return client.get(url)
    #      ^^^^^^^^^^^^^^^ blocking-call-in-async


async def fetch_annotated(request: web.Request, client: FakeClient | requests.Session, url):
    return client.get(url)
    #      ^^^^^^^^^^^^^^^ blocking-call-in-async


async def fetch_union(request: web.Request, client: Union[FakeClient, requests.Session], url):
    return client.post(url)
    #      ^^^^^^^^^^^^^^^^ blocking-call-in-async


async def lookup(request: web.Request, key, cached):
    store = MemoryStore() if cached else DiskStore()
    return store.load(key)


class Api:
    def __init__(self, session=None):
        self.session = session or requests.Session()

    async def fetch(self, request: web.Request, url):
        return self.session.get(url)
        #      ^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async


class ChildApi(Api):
    async def fetch_twice(self, request: web.Request, url):
        return self.session.put(url)
        #      ^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async


def build():
    return object()


class Declared:
    http: requests.Session

    def __init__(self):
        self.http = build()

    async def fetch(self, request: web.Request, url):
        return self.http.delete(url)
        #      ^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async


def make_client():
    return requests.Session()


def make_annotated() -> requests.Session:
    return build()


async def fetch_made(request: web.Request, url):
    client = make_client()
    return client.head(url)
    #      ^^^^^^^^^^^^^^^^ blocking-call-in-async


async def fetch_annotated_factory(request: web.Request, url):
    return make_annotated().options(url)
    #      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async


async def open_client(request: web.Request):
    return requests.Session()


async def fetch_awaited_factory(request: web.Request, url):
    client = await open_client()
    return client.patch(url)
    #      ^^^^^^^^^^^^^^^^^ blocking-call-in-async
