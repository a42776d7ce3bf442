"""meta.chainDepth (2): a blocking call in the function an async function calls, or in one
that function calls, is reported once at the blocking call; one three functions down from the
async call site is not. chain-depth.ts is the same in TypeScript."""
import os
import time


def sleep_two_down():
    time.sleep(1)
  # ^^^^^^^^^^^^^ blocking-call-in-async


def via_one():
    sleep_two_down()


async def two_down():
    via_one()


def stat_three_down(path):
    return os.stat(path).st_size


def via_two(path):
    return stat_three_down(path)


def via_three(path):
    return via_two(path)


async def three_down(path):
    return via_three(path)
