"""meta.chainDepth (2): a blocking call in the called function or one it calls is
reported, one three functions down from the call site is not. chain-depth.ts is the same in TypeScript."""
import time


def third():
    time.sleep(1)


def second():
    third()


def first():
    second()


async def two_down():
    second()
  # ^^^^^^^^ blocking-call-in-async


async def three_down():
    first()
