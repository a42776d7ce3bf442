"""Blocking calls reached through the call graph, across functions and files."""
import time

from helpers import describe, load_config
from aiohttp import web


def backoff(n):
    time.sleep(n)
  # ^^^^^^^^^^^^^ blocking-call-in-async


class Client:
    def pause(self):
        backoff(2)

    async def run(self, request: web.Request):
        self.pause()


async def handler(request: web.Request, name):
    config = load_config(name)
    return describe(name), config
