"""`time` is used elsewhere, so its import stays."""
import time


async def poll(client):
    time.sleep(0.5)
  # ^^^^^^^^^^^^^^^ blocking-call-in-async
    return await client.fetch(time.monotonic())
