"""The fix replaces the only use of `time`, so `import time` goes too."""
import time


async def poll(client):
    time.sleep(0.5)
  # ^^^^^^^^^^^^^^^ blocking-call-in-async
    return await client.fetch()
