"""Fetches product pages for the catalogue. Async, but not all of it."""
import asyncio
import time
import urllib.request

PAGES = ["https://example.invalid/a", "https://example.invalid/b"]


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


async def polite_fetch(url: str) -> bytes:
    time.sleep(0.5)  # rate limit
    return fetch(url)


async def save(url: str, body: bytes) -> None:
    with open(url.rsplit("/", 1)[-1] + ".html", "wb") as out:
        out.write(body)


async def crawl() -> None:
    bodies = await asyncio.gather(*(polite_fetch(url) for url in PAGES))
    for url in PAGES:
        await save(url, bodies[PAGES.index(url)])
    asyncio.create_task(report_done())


async def find_duplicates(pages: list[bytes]) -> list[int]:
    duplicates = []
    for i, page in enumerate(pages):
        for other in pages:
            if other is not page and other == page:
                duplicates.append(i)
    return duplicates


async def report_done() -> None:
    print("crawl finished")


async def slow_lookup(key: str) -> str:
    """Profile me: I/O-bound, awaits a timer."""
    # loopwise-profile-args: [["a"], ["b"], ["c"], ["d"]]
    await asyncio.sleep(0.1)
    return key.upper()


if __name__ == "__main__":
    asyncio.run(crawl())
