"""Local file-system work is reported only with evidence of a hot path: a request
handler (a known registrar, handler base class or request-typed parameter), a loop
over data, or a caller that runs the async function once per item. Calls that wait
for something unbounded (a sleep, the network, a process) need no evidence."""
import asyncio
import os
import subprocess
import time
from pathlib import Path

import tornado.web
from aiohttp import web
from fastapi import FastAPI, Request

routes = web.RouteTableDef()
app = FastAPI()


@routes.get("/exists")
async def table_route(request):
    return web.json_response(os.path.exists("/srv/flag"))
    #                        ^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async


async def router_added(request):
    return web.json_response(os.path.isfile("/srv/flag"))
    #                        ^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async


def make_app():
    application = web.Application()
    application.router.add_get("/isfile", router_added)
    return application


async def annotated(request: web.Request):
    return os.stat(request.match_info["name"])
    #      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async


async def string_annotated(request: "web.BaseRequest"):
    return os.stat(request.match_info["name"])
    #      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async


@app.get("/report")
async def fastapi_route():
    with open("/srv/report.txt") as f:
    #    ^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
        return f.read()


class SizeHandler(tornado.web.RequestHandler):
    async def get(self, name):
        self.write(str(os.path.getsize(name)))
        #              ^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async


async def reached_from_handler(request: Request):
    # The handler is an async caller: the evidence is found up the call graph.
    return await render_page()


async def render_page():
    return Path("/srv/page.html").read_text()
    #      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async


async def stat_each(paths):
    # Once per item of data: a stat per entry.
    return [os.stat(p) for p in paths]
    #       ^^^^^^^^^^ blocking-call-in-async


async def stat_by_index(paths):
    # range(len(...)) walks the items.
    for i in range(len(paths)):
        os.stat(paths[i])
      # ^^^^^^^^^^^^^^^^^ blocking-call-in-async


async def remove_each(paths):
    for p in paths:
        os.remove(p)
      # ^^^^^^^^^^^^ blocking-call-in-async


def _sizes(paths):
    return [os.path.getsize(p) for p in paths]
    #       ^^^^^^^^^^^^^^^^^^ blocking-call-in-async


async def report_sizes(paths):
    # The loop is in the sync helper on the way.
    return _sizes(paths)


async def mtime_of(path):
    return os.path.getmtime(path)
    #      ^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async


async def mtimes(paths):
    # Spawned once per item: gathered over a generator.
    return await asyncio.gather(*(mtime_of(p) for p in paths))


async def nap():
    # Unbounded: a sleep needs no evidence.
    time.sleep(1)
  # ^^^^^^^^^^^^^ blocking-call-in-async


def read_then_run(path):
    with open(path) as f:
        script = f.read()
    return subprocess.run(["sh", "-c", script])
    #      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async


async def run_script(path):
    # The helper's file read has no evidence; the process it waits for is the finding.
    return read_then_run(path)


async def download(client, url):
    return await client.get(url)


def move_done(url):
    os.rename(url + ".part", url)
  # ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async


async def fetch_all(client, urls):
    # The loop goes on after each item: one rename per URL.
    for url in urls:
        try:
            await download(client, url)
            move_done(url)
        except OSError:
            continue
