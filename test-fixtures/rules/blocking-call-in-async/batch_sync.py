"""A batch run's loop over what it reads from outside is data, and an instance's own
listing of its items is per-item work: the bounded file work in them is reported.
A class-level method that takes a request is still a handler."""
import asyncio
import os

from aiohttp import web


async def index_one(path):
    return os.path.getsize(path)
    #      ^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async


def index_command(root):
    async def main(folder):
        # The names come from a directory listing: data, one stat per file.
        await asyncio.gather(*[index_one(os.path.join(folder, name)) for name in os.listdir(folder)])

    asyncio.run(main(root))


class ItemFolder:
    def __init__(self, path):
        self.path = path

    async def items(self):
        for name in os.listdir(self.path):
            if os.path.isfile(os.path.join(self.path, name)):
              #^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
                yield name

    @classmethod
    async def from_request(cls, request: web.Request):
        folder = request.match_info["folder"]
        if os.path.isdir(folder):
          #^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
            return cls(folder)
        return None


async def stat_listed(name):
    return os.stat(name)
    #      ^^^^^^^^^^^^^ blocking-call-in-async


def stat_command(list_file):
    # The names the nested main walks were read from a file by the command: data.
    with open(list_file) as f:
        names = f.read().split()

    async def main():
        for name in names:
            await stat_listed(name)

    asyncio.run(main())
