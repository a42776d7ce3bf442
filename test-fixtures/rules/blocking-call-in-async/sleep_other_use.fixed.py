"""`time` is used elsewhere, so its import stays."""
import asyncio
import time


async def poll(client):
    await asyncio.sleep(0.5)
  # ^^^^^^^^^^^^^^^ blocking-call-in-async
    return await client.fetch(time.monotonic())
