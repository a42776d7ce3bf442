"""Tasks whose only reference is dropped."""
import asyncio
from asyncio import create_task


async def tick():
    await asyncio.sleep(1)


async def main():
    asyncio.create_task(tick())
  # ^^^^^^^^^^^^^^^^^^^^^^^^^^^ dangling-task
    create_task(tick())
  # ^^^^^^^^^^^^^^^^^^^ dangling-task
    asyncio.ensure_future(tick())
  # ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ dangling-task
    loop = asyncio.get_running_loop()
    loop.create_task(tick())
  # ^^^^^^^^^^^^^^^^^^^^^^^^ dangling-task
