"""Blocking calls reached through the call graph, across functions and files."""
import time

from helpers import describe, load_config


def backoff(n):
    time.sleep(n)
  # ^^^^^^^^^^^^^ blocking-call-in-async


class Client:
    def pause(self):
        backoff(2)

    async def run(self):
        self.pause()


async def handler(name):
    config = load_config(name)
    return describe(name), config
