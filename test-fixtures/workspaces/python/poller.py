"""Scenario "python": a blocking sleep in async code, and one that is suppressed."""
import asyncio
import time


async def poll(interval: float) -> None:
    time.sleep(interval)


async def warm_up() -> None:
    # loopwise-disable-next-line blocking-call-in-async -- runs once before the loop serves anything
    time.sleep(0.01)


if __name__ == "__main__":
    asyncio.run(poll(0.1))
