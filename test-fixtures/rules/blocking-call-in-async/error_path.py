"""An except clause runs once per failure, not once per request; the try body is still read."""
import time


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


async def handle(path):
    try:
        time.sleep(0.1)
      # ^^^^^^^^^^^^^^^ blocking-call-in-async
    except KeyboardInterrupt as error:
        save_crash_report(error)
        time.sleep(1)
    return fetch(path)
