# ruff: noqa: ASYNC251
"""A file-level `# ruff: noqa: CODE` covers the whole file, for the codes it names."""
import asyncio
import time


async def tick():
    await asyncio.sleep(1)


async def nap():
    time.sleep(1)


async def spawn():
    asyncio.create_task(tick())
  # ^^^^^^^^^^^^^^^^^^^^^^^^^^^ dangling-task
