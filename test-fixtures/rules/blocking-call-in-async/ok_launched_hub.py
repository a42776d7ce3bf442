"""An application launched once from its console entry (`main = Hub.launch`): what its
async start-up reaches runs once per run. Calls of a method with the same name on
receivers the resolver cannot type are not uses of it when no instance of the class
can be there: another class's object, a local made by a library, a bare local name."""
import time

from tornado.ioloop import IOLoop, PeriodicCallback


class ConfigWriter:
    config_file = "hub_config.py"

    def ask_overwrite(self):
        # --generate-config: one question on stdin, once, before the file is written.
        return input(f"Overwrite {self.config_file}? [y/N] ").lower().startswith("y")

    def write_config_file(self):
        if self.ask_overwrite():
            with open(self.config_file, "w") as f:
                f.write("# config\n")


class TokenCommand:
    def run(self):
        # The hub made here stays in this local: the resolver types its calls.
        hub = LaunchedHub(parent=self)
        hub.load_settings()


class LaunchedHub(ConfigWriter):
    def __init__(self, parent=None, subcommand=None, services=()):
        self.parent = parent
        self.subcommand = subcommand
        self.services = services

    def load_settings(self):
        return {}

    async def start(self):
        started = time.perf_counter()
        if self.subcommand:
            # The subcommand's object: not a LaunchedHub (none is handed out).
            self.subcommand.start()
            return
        self.write_config_file()
        for service in self.services:
            await service.start()
        pc = PeriodicCallback(self.tick, 1000)
        pc.start()
        start = time.perf_counter() - started
        return start

    async def tick(self):
        pass

    async def launch_async(self):
        await self.start()

    @classmethod
    def launch(cls):
        self = cls()
        loop = IOLoop.current()
        loop.run_sync(self.launch_async)


COMMANDS = {"token": TokenCommand}

main = LaunchedHub.launch
