"""Ruff's and flake8's noqa comments for the same problem silence Loopwise too, and are never "unused"."""
import asyncio
import subprocess
import time


async def tick():
    await asyncio.sleep(1)


async def nap():
    time.sleep(1)  # noqa: ASYNC251


async def legacy_code():
    time.sleep(1)  # noqa: ASYNC101 -- the numbering before ASYNC2xx


async def several():
    subprocess.run(["true"])  # noqa: E501,ASYNC221


async def bare():
    time.sleep(1)  # NOQA


async def other_code():
    time.sleep(1)  # noqa: ASYNC110
  # ^^^^^^^^^^^^^ blocking-call-in-async


async def after_other_comment():
    time.sleep(1)  # type: ignore  # noqa:ASYNC251


async def spawn():
    asyncio.create_task(tick())  # noqa: RUF006
    asyncio.create_task(tick())  # noqa: ASYNC251
  # ^^^^^^^^^^^^^^^^^^^^^^^^^^^ dangling-task


async def nothing_here():
    return 1  # noqa: ASYNC230, RUF006


async def in_string():
    time.sleep(1) or "# noqa: ASYNC251"
  # ^^^^^^^^^^^^^ blocking-call-in-async
