"""Local file-system work without evidence of a hot path is left alone: once at
start-up or shutdown, once per connection set-up, in a plain async function, in a
loop over a literal collection, or in a function nobody runs per item."""
import asyncio
import os
import shutil
import sys
from pathlib import Path


class Proxy:
    def __init__(self, pid_file):
        self.pid_file = pid_file

    async def start(self):
        # A pid file, once when the proxy starts.
        if os.path.exists(self.pid_file):
            os.remove(self.pid_file)
        with open(self.pid_file, "w") as f:
            f.write(str(os.getpid()))

    async def cleanup(self):
        # Once at shutdown.
        if os.path.exists(self.pid_file):
            os.remove(self.pid_file)


async def connect(host, cert_dir):
    # Once per connection set-up: a small pinned-certificate file.
    pinned = os.path.join(cert_dir, host)
    if os.path.exists(pinned):
        return Path(pinned).read_bytes()
    return None


async def remove_known_files():
    # A loop over a literal collection: a fixed, small number of calls.
    for name in ["a.pid", "b.pid"]:
        if os.path.exists(name):
            os.remove(name)


async def close(work_dir):
    shutil.rmtree(work_dir)


async def handler_by_name_only(request):
    # A name and a parameter called `request` are not evidence: nothing registers it.
    return os.path.getsize(request.path)


async def run_once(paths):
    # Awaited once, not per item.
    await close(paths[0])


async def wait_for_socket(path, retries):
    # A count, not data: a retry loop.
    for _ in range(retries):
        if os.path.exists(path):
            return True
        await asyncio.sleep(0.1)
    return False


async def watch_modules(mtimes):
    # The program's own loaded modules (a reloader), not data.
    for module in list(sys.modules.values()):
        name = getattr(module, "__file__", None)
        if name:
            mtimes[name] = os.stat(name).st_mtime


async def download_from(client, mirror):
    return await client.get(mirror)


def keep(mirror):
    os.rename(mirror + ".part", "package.deb")


async def fetch_first(client, mirrors):
    # A fallback loop: the first mirror that works ends it, so keep() runs once per call.
    for mirror in mirrors:
        try:
            await download_from(client, mirror)
            keep(mirror)
            return mirror
        except OSError:
            continue
    return None


async def fetch_first_break(client, mirrors):
    for mirror in mirrors:
        try:
            await download_from(client, mirror)
        except OSError:
            continue
        keep(mirror)
        break
