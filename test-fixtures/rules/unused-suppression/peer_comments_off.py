# loopwise-test-settings: {"honourPeerSuppressions": false}
"""With loopwise.honourPeerSuppressions off, only loopwise-disable comments count."""
import time


async def nap():
    time.sleep(1)  # noqa: ASYNC251
  # ^^^^^^^^^^^^^ blocking-call-in-async
