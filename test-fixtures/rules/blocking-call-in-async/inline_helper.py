"""A nested sync helper that writes a file, called inline on every upload: flagged at its open()."""
from aiohttp import web



async def upload(request: web.Request, path, data):
    def write(data):
        with open(path, "wb") as f:
        #    ^^^^^^^^^^^^^^^^ blocking-call-in-async
            f.write(data)
        return data

    return write(data)
