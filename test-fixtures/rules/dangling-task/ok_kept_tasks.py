"""Tasks that are kept, awaited or owned by a TaskGroup."""
import asyncio

background = set()


async def tick():
    await asyncio.sleep(1)


def create_task(coro):
    """A user's own helper with the same name."""
    return coro


async def main():
    task = asyncio.create_task(tick())
    background.add(task)
    task.add_done_callback(background.discard)
    await asyncio.create_task(tick())
    async with asyncio.TaskGroup() as tg:
        tg.create_task(tick())
    create_task(tick())
    return task
