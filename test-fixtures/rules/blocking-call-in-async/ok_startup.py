"""Server start-up and shutdown, and a loop's main coroutine, run once: what they do
outside a repeating loop is not per request (uvicorn's Server.startup, hypercorn's
worker_serve and its reloader, a script's run through asyncio.run from a console entry)."""
import asyncio
import json
import os
import socket
import sys
import time
from pathlib import Path

import trio


class UnixServer:
    def __init__(self, path):
        self.path = path
        self.servers = []

    async def startup(self):
        # Keeps the socket file's mode across the bind: once per server.
        loop = asyncio.get_running_loop()
        mode = 0o666
        if os.path.exists(self.path):
            mode = os.stat(self.path).st_mode
        server = await loop.create_unix_server(asyncio.Protocol, path=self.path)
        os.chmod(self.path, mode)
        self.servers.append(server)


def restart():
    # The dev reloader: resolves the script and execs it, once, after shutdown.
    script = Path(sys.argv[0]).resolve()
    os.execv(sys.executable, [sys.executable, str(script)])


def create_sockets(binds):
    out = []
    for bind in binds:
        if os.path.exists(bind):
            os.unlink(bind)
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(bind)
        out.append(sock)
    return out


async def worker_serve(binds, reload_on_exit):
    sockets = create_sockets(binds)
    for sock in sockets:
        await asyncio.start_server(on_client, sock=sock)
    try:
        await asyncio.Event().wait()
    finally:
        time.sleep(0.1)
    if reload_on_exit:
        restart()


async def on_client(reader, writer):
    writer.close()


async def trio_serve(binds):
    sockets = create_sockets(binds)
    listeners = [trio.SocketListener(trio.socket.from_stdlib_socket(s)) for s in sockets]
    async with trio.open_nursery() as nursery:
        nursery.start_soon(trio.serve_listeners, on_trio_client, listeners)
    restart()


async def on_trio_client(stream):
    await stream.aclose()


async def load_catalogue(path):
    with open(path) as f:
        return json.load(f)


async def catalogue_main(path):
    # A console entry's coroutine: it loads its data once, then works.
    catalogue = await load_catalogue(path)
    time.sleep(0.01)
    return len(catalogue)


def cli():
    print(asyncio.run(catalogue_main(sys.argv[1])))


async def trio_main():
    time.sleep(0.01)


def trio_cli():
    trio.run(trio_main)


async def save_state(path, state):
    # Runs at SIGTERM only: a shutdown path.
    with open(path, "w") as f:
        json.dump(state, f)


def install_shutdown(state):
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(15, lambda: asyncio.ensure_future(save_state("state.json", state)))


def run_tool(argv):
    # A console entry whose main coroutine is nested in it (mitmproxy's tools/main.run):
    # the coroutine handed to asyncio.run runs once per run, like a module-level main.
    async def main():
        with open(argv[1]) as f:
            config = json.load(f)
        await asyncio.sleep(0)
        return config

    return asyncio.run(main())
