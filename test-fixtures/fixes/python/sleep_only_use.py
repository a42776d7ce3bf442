"""The fix replaces the only use of `time`, so `import time` goes too."""
import time


async def poll(client):
    time.sleep(0.5)
    return await client.fetch()
