"""`time` is used elsewhere, so its import stays."""
import time


async def poll(client):
    time.sleep(0.5)
    return await client.fetch(time.monotonic())
