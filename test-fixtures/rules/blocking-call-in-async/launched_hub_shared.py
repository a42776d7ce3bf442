"""The same start-up shape, but instances of the class are handed out (stored in a
registry that request handlers read): an untypable `hub.start()` there may be this
class's method, so its start is not only a one-shot launch."""
from aiohttp import web
from tornado.ioloop import IOLoop


class SharedHub:
    def ask(self):
        return input("Continue? ")
        #      ^^^^^^^^^^^^^^^^^^^ blocking-call-in-async

    async def start(self):
        self.ask()

    async def launch_async(self):
        await self.start()

    @classmethod
    def launch(cls):
        self = cls()
        loop = IOLoop.current()
        loop.run_sync(self.launch_async)


REGISTRY = {"hub": SharedHub()}


async def restart(request: web.Request):
    hub: SharedHub = request.app[request.match_info["name"]]
    await hub.start()


main = SharedHub.launch
