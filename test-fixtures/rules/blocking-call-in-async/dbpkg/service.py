"""Product code that uses dbtools per request."""
from aiohttp import web

from .dbtools import ping_database


async def health(request: web.Request):
    return await ping_database(request.path)
