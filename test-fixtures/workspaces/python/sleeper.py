"""Scenario "python": time.sleep is the only use of time, and asyncio is not imported yet."""
import time


async def nap(seconds: float) -> None:
    time.sleep(seconds)
