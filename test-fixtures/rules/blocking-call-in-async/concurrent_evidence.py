"""A wait that blocks the loop is reported where the async function shares the loop
with other tasks: launched as a task (asyncio.create_task, ensure_future, gather, a
task group), a request handler, or an async API that only code
outside the workspace runs (the package's users, a framework's hook)."""
import asyncio
import socket
import subprocess
import threading
import time

import requests
from aiohttp import web

ready = threading.Event()


async def heartbeat_forever(interval, beat):
    while True:
        await beat()
        time.sleep(interval)
      # ^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async


async def fetch_listing(url):
    return requests.get(url).json()
    #      ^^^^^^^^^^^^^^^^^ blocking-call-in-async


async def fetch_status(url):
    return requests.head(url).status_code
    #      ^^^^^^^^^^^^^^^^^^ blocking-call-in-async


async def drain_queue_worker():
    ready.wait()
  # ^^^^^^^^^^^^ blocking-call-in-async


async def watch_children():
    subprocess.run(["pgrep", "-P", "1"], check=False)
  # ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async


class Daemon:
    def __init__(self):
        self.tasks = []

    async def start_background(self):
        # Start-up itself runs once, but what it launches runs beside the rest.
        self.tasks.append(asyncio.create_task(heartbeat_forever(5, self.beat)))
        self.tasks.append(asyncio.ensure_future(drain_queue_worker()))
        async with asyncio.TaskGroup() as group:
            group.create_task(watch_children())

    async def beat(self):
        await asyncio.sleep(0)

    async def refresh(self, url):
        return await asyncio.gather(fetch_listing(url), fetch_status(url))


routes = web.RouteTableDef()


@routes.post("/convert")
async def convert_document(request):
    return web.Response(body=subprocess.check_output(["pandoc", "-t", "html"]))
    #                        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async


class MailHandler:
    async def handle_message_hook(self, server, session, envelope):
        # Called by the framework for each message: nothing in the workspace names it.
        with socket.create_connection(("relay.example", 25)) as relay:
        #    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
            relay.sendall(envelope)
