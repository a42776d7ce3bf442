"""An application's start-up method that a request handler also runs: checked as usual."""
import os

from aiohttp import web
from tornado.ioloop import IOLoop


class Service:
    config_file = "service.json"

    async def prepare(self):
        with open(self.config_file) as f:
        #    ^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
            self.config = f.read()

    async def launch_async(self):
        await self.prepare()

    async def handle_reload(self, request: web.Request):
        # Per request: re-reads the config on the loop.
        await self.prepare()
        return os.getpid()

    def launch(self):
        IOLoop.current().run_sync(self.launch_async)
