"""Loops that must stay sequential."""
import asyncio


async def fetch(url):
    return url


async def retry(url):
    for attempt in range(3):
        try:
            return await fetch(url)
        except OSError:
            await asyncio.sleep(attempt)


async def chain(start, steps):
    value = start
    for step in steps:
        value = await step(value)
    return value


async def first_match(urls):
    for url in urls:
        page = await fetch(url)
        if page:
            break


async def paced(urls):
    for url in urls:
        await fetch(url)
        await asyncio.sleep(1)


async def running_total(urls):
    total = 0
    for url in urls:
        total += len(await fetch(url))
    return total


async def stream(source):
    async for item in source:
        await fetch(item)


async def send_frames(ws, frames):
    for frame in frames:
        await ws.send(frame)
