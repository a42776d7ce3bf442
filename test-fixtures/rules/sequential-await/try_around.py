"""A try around the loop that catches an error the awaited function does not raise itself: still one call after another."""
import asyncio


class Rejected(Exception):
    pass


async def lookup(name):
    return [name]


async def lookup_all(names):
    try:
        found = []
        for name in names:
            found.extend(await lookup(name))
            #            ^^^^^^^^^^^^^^^^^^ sequential-await
    except Rejected:
        return None
    return found


class Pages:
    def __init__(self):
        self.pages = {}

    async def load(self, urls):
        # Stored by key into an attribute's dict: still collected.
        for url in urls:
            self.pages[url] = await lookup(url)
            #                 ^^^^^^^^^^^^^^^^^ sequential-await
        return self.pages


def parse_blob(blob):
    return blob.split()


async def parse_all(blobs):
    # The offloaded function raises nothing the try catches: every blob is parsed, one after another.
    try:
        words = []
        for blob in blobs:
            words.extend(await asyncio.to_thread(parse_blob, blob))
            #            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ sequential-await
    except Rejected:
        return []
    return words


async def lookup_within(names):
    # An `async with` that is not a lock (a deadline) does not ask for one call at a time.
    found = []
    async with asyncio.timeout(5):
        for name in names:
            found.append(await lookup(name))
            #            ^^^^^^^^^^^^^^^^^^ sequential-await
    return found
