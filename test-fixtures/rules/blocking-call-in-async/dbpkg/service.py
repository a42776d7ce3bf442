"""Product code that uses dbtools per request."""
from .dbtools import ping_database


async def health(request):
    return await ping_database(request.path)
