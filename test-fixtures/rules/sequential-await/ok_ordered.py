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


async def counted(urls):
    # A counter carried across iterations, read by the call.
    seen = 0
    out = []
    for url in urls:
        seen += 1
        out.append(await fetch(f"{url}?n={seen}"))
    return out, seen


async def stream(source):
    async for item in source:
        await fetch(item)


async def send_frames(ws, frames):
    for frame in frames:
        await ws.send(frame)


async def effects_only(urls):
    # Nothing is collected: each await is done for its effect.
    for url in urls:
        await fetch(url)


async def paginate(client_fetch):
    pages = []
    cursor = None
    for _ in range(10):
        page = await fetch(cursor)
        pages.append(page)
        cursor = page


async def batches(chunks):
    out = []
    for chunk in chunks:
        out.append(await asyncio.gather(*(fetch(u) for u in chunk)))
    return out


async def teardown(services):
    codes = []
    for service in reversed(services):
        codes.append(await fetch(service))
    for service in services[::-1]:
        codes.append(await fetch(service))
    return codes


async def drain(queue):
    out = []
    while queue:
        out.append(await fetch(queue.pop()))
    return out


async def build_in_turn(names):
    built = {}
    for name in names:
        built[name] = await build(name, built)
    return built


async def dedupe(urls):
    pages = {}
    for url in urls:
        if url in pages:
            continue
        pages[url] = await fetch(url)
    return pages


async def build(name, done):
    return name


async def one_at_a_time(urls):
    pages = []
    # one at a time: the server rejects concurrent requests
    for url in urls:
        pages.append(await fetch(url))
    return pages


async def on_purpose(urls):
    pages = []
    for url in urls:
        # sequential on purpose, to avoid concurrent queries
        pages.append(await fetch(url))
    return pages


async def with_callback(urls, callback):
    # A function handed in: a callback, not a function declared for the job.
    out = []
    for url in urls:
        out.append(await callback(url))
    return out


async def confirm_each(names, left):
    # The loop also removes from a collection that later code reads.
    confirmed = []
    for name in names:
        if await fetch(name):
            left.discard(name)
            confirmed.append(name)
    return confirmed


async def drop_pending(keys, pending):
    done = []
    for key in keys:
        done.append(await fetch(key))
        del pending[key]
    return done


class Device:
    def __init__(self, requester):
        self._requester = requester

    async def services(self, uuids):
        # The awaited call only wraps the real work, a call on one shared object.
        found = []
        for uuid in uuids:
            found.extend(await asyncio.wait_for(self._requester.get_services(uuid), 5))
        return found


class ExporterList:
    _lock: asyncio.Lock

    def __init__(self):
        # One lock shared by every instance: listing exporters must not overlap.
        if not hasattr(self.__class__, "_lock"):
            self.__class__._lock = asyncio.Lock()
        self._lock = self.__class__._lock

    async def names(self, entries):
        found = {}
        async with self._lock:
            for name in entries:
                found[name] = await asyncio.to_thread(load_entry, name)
        return found


def load_entry(name):
    return name


REGISTRY_LOCK = asyncio.Lock()


async def register_all(entries):
    done = []
    async with REGISTRY_LOCK:
        for entry in entries:
            done.append(await asyncio.to_thread(load_entry, entry))
    return done
