"""An except clause, or a branch that ends by raising, runs once per failure, not once per
request; the try body, and a branch that goes on, are still read."""
import os
import time
from aiohttp import web


def save_crash_report(error):
    with open("/var/log/app/crash.txt", "w") as f:
        f.write(repr(error))


def fetch(path):
    try:
        with open(path) as f:
        #    ^^^^^^^^^^ blocking-call-in-async
            return f.read()
    except OSError as error:
        save_crash_report(error)
        return ""


async def handle(request: web.Request, path):
    try:
        time.sleep(0.1)
      # ^^^^^^^^^^^^^^^ blocking-call-in-async
    except KeyboardInterrupt as error:
        save_crash_report(error)
        time.sleep(1)
    return fetch(path)


def parse(text):
    return int(text)


async def recovers(request: web.Request, path):
    try:
        return parse(path)
    except ValueError:
        pass
    # Reached only when parse() failed: the try returns otherwise.
    time.sleep(1)
    return 0


async def continues(request: web.Request, path):
    try:
        value = parse(path)
    except ValueError:
        value = 0
    # Reached on every call: the try falls through when parse() succeeds.
    time.sleep(1)
  # ^^^^^^^^^^^^^ blocking-call-in-async
    return value


class HashMismatch(Exception):
    pass


async def verify(request: web.Request, part, expected, digest):
    if digest != expected:
        # Clean-up before the error is raised: once per failed download.
        os.unlink(part)
        raise HashMismatch(part)
    return part


async def verify_and_log(request: web.Request, part, expected, digest):
    if digest != expected:
        # The branch goes on after the write: it is the normal path of a mismatch.
        with open("/var/log/app/mismatch.txt", "a") as f:
        #    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
            f.write(part)
        return None
    return part
