"""An application launched once through tornado's runner: its async start-up runs once per run."""
import asyncio
import os

from tornado.ioloop import IOLoop


class BaseApp:
    def initialize(self, argv=None):
        self.argv = argv


class LoggingMixin:
    def initialize(self, argv=None):
        # super() follows this class's MRO; no class derives from Hub, so it never reaches Hub.initialize.
        print("initializing")
        return super().initialize(argv)


class Hub(BaseApp):
    pid_file = "hub.pid"

    async def initialize(self, argv=None):
        # Start-up: runs once, before the hub serves; super() names the base's method.
        super().initialize(argv)
        with open(self.pid_file, "w") as f:
            f.write(str(os.getpid()))

    async def launch_async(self, argv=None):
        await self.initialize(argv)

    @classmethod
    def launch(cls, argv=None):
        self = cls()
        loop = IOLoop.current()
        loop.run_sync(self.launch_async, argv)

    async def cleanup(self):
        # Shutdown: a fresh loop runs it once at exit.
        if os.path.exists(self.pid_file):
            os.remove(self.pid_file)

    def atexit(self):
        asyncio.run(self.cleanup())


main = Hub.launch
