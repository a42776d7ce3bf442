"""Scenario "python": a blocking sleep in async code, and one that is suppressed."""
import asyncio
import time


async def poll(interval: float) -> None:
    while True:
        time.sleep(interval)
        await asyncio.sleep(0)


async def warm_up() -> None:
    # loopwise-disable-next-line blocking-call-in-async -- a 10 ms pause, accepted here
    time.sleep(0.01)


async def serve() -> None:
    await warm_up()
    await asyncio.sleep(1)


async def main() -> None:
    await asyncio.gather(poll(0.1), serve())


if __name__ == "__main__":
    asyncio.run(main())
