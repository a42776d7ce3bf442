"""Files left alone: path arithmetic, pure paths, memory buffers, offloaded I/O, async file APIs, sync code."""
import asyncio
import io
import os
import os.path
from pathlib import Path, PurePath, PurePosixPath

import aiofiles
import anyio
from aiohttp import web


async def arithmetic(request: web.Request, base, name):
    joined = os.path.join(base, name)
    norm = os.path.normpath(joined)
    absolute = os.path.abspath(norm)
    return os.path.basename(absolute), os.path.dirname(absolute), os.path.splitext(name), os.path.split(joined)


async def pure_paths(request: web.Request, name):
    p = PurePath(name)
    q = PurePosixPath("/srv") / name
    path = Path(name)
    return p.name, p.suffix, p.with_suffix(".txt"), q.parts, path.name, path.suffix, path.parent, path.is_absolute(), path.as_posix()


async def memory_buffers(request: web.Request):
    buf = io.StringIO()
    buf.write("x")
    raw = io.BytesIO(b"x")
    return buf.getvalue(), raw.read()


async def offloaded(request: web.Request, path):
    text = await asyncio.to_thread(Path(path).read_text)
    loop = asyncio.get_running_loop()
    data = await loop.run_in_executor(None, lambda: open(path).read())
    ok = await asyncio.to_thread(os.path.exists, path)
    return text, data, ok


async def async_file_apis(request: web.Request, path):
    async with aiofiles.open(path) as f:
        text = await f.read()
    apath = anyio.Path(path)
    more = await apath.read_text()
    exists = await apath.exists()
    return text, more, exists


class Upload:
    """Like starlette's UploadFile: writes inline while the spooled file is in memory, in a thread once it is on disk."""

    def __init__(self, file: io.BufferedRandom, in_memory: bool):
        self.file = file
        self.in_memory = in_memory

    async def write(self, request: web.Request, data):
        if self.in_memory:
            self.file.write(data)
        else:
            await asyncio.to_thread(self.file.write, data)


def sync_io(path):
    with open(path) as f:
        data = f.read()
    Path(path).write_text(data)
    return os.path.exists(path), os.listdir(".")
