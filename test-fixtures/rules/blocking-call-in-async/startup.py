"""Start-up is once per server, the hot path is what it serves: a server's own
start-up function and a loop's main coroutine are left alone outside repeating
loops; handlers, work loops over data and coroutines also used per request are flagged."""
import asyncio
import json
import os
import time

from aiohttp import web


async def serve_users(path):
    # Before it serves: once per server.
    settings = json.load(open(path))
    server = await asyncio.start_server(handle_user, port=settings["port"])
    async with server:
        while True:
            # While it serves: every round blocks the handlers.
            time.sleep(5)
           #^^^^^^^^^^^^^ blocking-call-in-async
            await asyncio.sleep(0)


async def handle_user(reader, writer):
    # A handler runs once per connection.
    name = (await reader.readline()).decode().strip()
    with open(os.path.join("users", name)) as f:
        #^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
        writer.write(f.read().encode())


async def refresh_rates():
    # Awaited from a one-shot coroutine's polling loop: once a minute, not a hot path for a small file read.
    return json.load(open("rates.json"))


async def fetch_quote(symbol):
    # Run as a main coroutine here, but also a request handler below: not one-shot.
    os.stat(symbol)
   #^^^^^^^^^^^^^^^ blocking-call-in-async
    return symbol


async def quote_handler(request: web.Request):
    return await fetch_quote(request.symbol)


async def rates_main():
    for symbol in os.environ["SYMBOLS"].split(","):
        # Once per item of the run's work loop: the hot path of this script.
        await load_symbol(symbol)
    while True:
        rates = await refresh_rates()
        await asyncio.sleep(60)
        print(rates)


def run_rates():
    asyncio.run(rates_main())


def run_quote():
    asyncio.run(fetch_quote("ACME"))


async def load_symbol(symbol):
    return os.path.getsize(symbol)
    #      ^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async


async def save_snapshot(path, state):
    # At SIGTERM, but also after every request below: not a shutdown path only.
    with open(path, "w") as f:
    #    ^^^^^^^^^^^^^^^ blocking-call-in-async
        json.dump(state, f)


def install_snapshot(state):
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(15, lambda: asyncio.ensure_future(save_snapshot("state.json", state)))


async def snapshot_handler(request: web.Request):
    await save_snapshot("state.json", request.state)


def make_size_handler(path):
    # Nested like a console entry's main, but handed out: whoever gets it may await it per request.
    async def size(request: web.Request):
        return os.path.getsize(path)
        #      ^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async

    return size


async def report_handler(request: web.Request):
    # Nested and awaited, but in a request handler: once per request, not once per run.
    async def load():
        with open(request.path) as f:
        #    ^^^^^^^^^^^^^^^^^^ blocking-call-in-async
            return f.read()

    return await load()
