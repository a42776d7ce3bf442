"""The fix replaces the only use of `time`, so `import time` goes too."""
import asyncio


async def poll(client):
    await asyncio.sleep(0.5)
  # ^^^^^^^^^^^^^^^ blocking-call-in-async
    return await client.fetch()
