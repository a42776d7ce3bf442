"""One root cause per function: the blocking calls of one function are fixed
together, so they are one finding, at the first of them, with the others in its
related information. Two functions are two places to fix: two findings.
A sync helper is followed to its first blocking call, which stands for it."""
import os
import time
from aiohttp import web


def file_meta(root, name):
    path = os.path.join(root, name)
    with open(path) as f:
    #    ^^^^^^^^^^ blocking-call-in-async
        head = f.read(100)
    with open(path + ".meta") as f:
        meta = f.read()
    with open(path + ".etag") as f:
        etag = f.read()
    return head, meta, etag


async def get_entry(request: web.Request, root, name):
    return file_meta(root, name)


async def list_entry(request: web.Request, root, name):
    return file_meta(root, name)[1]


# Two sleeps in one async function: one finding; its quick fix replaces both.
async def poll(request: web.Request, path):
    time.sleep(0.5)
  # ^^^^^^^^^^^^^^^ blocking-call-in-async
    time.sleep(1.0)
  # ^^^^^^^^^^^^^^^ blocking-call-in-async (related)
    return path


def read_manifest(root):
    with open(root + "/manifest.json") as f:
    #    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
        return f.read()


def pause():
    time.sleep(0.1)
  # ^^^^^^^^^^^^^^^ blocking-call-in-async


async def describe(request: web.Request, root):
    pause()
    return read_manifest(root)
