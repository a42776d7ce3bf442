"""A file opened only to be handed to a library that reads it in a thread (aiohttp's
data=, starlette's StreamingResponse, asyncio.to_thread): no data I/O is on the loop."""
import asyncio
import shutil
from typing import IO, Optional

import aiohttp
from aiohttp import ClientSession
from starlette.responses import StreamingResponse
from aiohttp import web


async def upload_file(request: web.Request, url, filename, input_file: Optional[IO[bytes]] = None):
    if input_file is None:
        input_file = open(filename, "rb")
    size = input_file.seek(0, 2)
    input_file.seek(0)
    async with ClientSession(headers={"Content-Length": str(size)}) as session:
        response = await session.put(url, data=input_file)
        return response.status


async def upload_form(request: web.Request, url, path):
    with open(path, "rb") as f:
        form = aiohttp.FormData()
        form.add_field("file", f, filename=path)
        async with aiohttp.ClientSession() as session:
            await session.post(url, data=form)


async def download(request: web.Request, request, path):
    return StreamingResponse(open(path, "rb"))


async def copy_in_thread(request: web.Request, src, dst):
    with open(src, "rb") as f, open(dst, "wb") as g:
        await asyncio.to_thread(shutil.copyfileobj, f, g)


async def read_in_executor(request: web.Request, path):
    loop = asyncio.get_running_loop()
    with open(path, "rb") as f:
        return await loop.run_in_executor(None, f.read)
