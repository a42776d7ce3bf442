# loopwise-test-fix: asyncio.gather (unsafe)
"""Loops that map data through an awaited call, one item at a time, and collect the results."""
import asyncio
import os.path

import aiofiles.os


async def fetch(url):
    return url


async def exists(path):
    return os.path.exists(path)
    #      ^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async


async def crawl(urls):
    pages = []
    pages.extend(await asyncio.gather(*(fetch(url) for url in urls)))
    return pages


async def by_key(urls):
    out = {}
    for url in urls:
        out[url] = await fetch(url)
        #          ^^^^^^^^^^^^^^^^ sequential-await
    return out


async def total_size(urls):
    total = 0
    for url in urls:
        total += len(await fetch(url))
        #            ^^^^^^^^^^^^^^^^ sequential-await
    return total


async def through_a_local(urls):
    sizes = {}
    for url in urls:
        page = await fetch(url.strip())
        #      ^^^^^^^^^^^^^^^^^^^^^^^^ sequential-await
        sizes[url] = len(page)
    return sizes


async def present(paths):
    found = set()
    for path in paths:
        if await exists(path):
        #  ^^^^^^^^^^^^^^^^^^ sequential-await
            found.add(path)
    return found


async def present_too(paths):
    found = []
    for path in paths:
        if not await exists(path):
        #      ^^^^^^^^^^^^^^^^^^ sequential-await
            continue
        found.append(path)
    return found


async def stat_all(paths):
    # A module's function holds no per-object state.
    out = []
    out.extend(await asyncio.gather(*(aiofiles.os.stat(path) for path in paths)))
    return out


async def literal_list():
    # A literal list with one await per item is still a batch of work.
    out = []
    out.extend(await asyncio.gather(*(fetch(name) for name in ("users", "orders"))))
    return out


async def in_order_to(urls):
    pages = []
    # fetch each page in order to count the words
    pages.extend(await asyncio.gather(*(fetch(url) for url in urls)))
    return pages


async def wait_for_each(urls):
    out = []
    out.extend(await asyncio.gather(*(asyncio.wait_for(fetch(url), 5) for url in urls)))
    return out


async def normalised(urls):
    # Calls inside the arguments on the item itself, or on a module, are data processing.
    out = []
    out.extend(await asyncio.gather(*(fetch(os.path.basename(url.strip())) for url in urls)))
    return out


async def resolve(host):
    return [host]


async def addresses(hosts):
    # Each host's addresses, collected through an inner loop over the result.
    results = []
    for host, port in hosts:
        found = await resolve(host)
        #       ^^^^^^^^^^^^^^^^^^^ sequential-await
        for address in found:
            results.append((host, address, port))
    return results


async def resolve_a(host):
    return [host]


async def all_addresses(hosts, use_ipv6):
    # Two sinks into one list are not a read of it.
    results = []
    for host in hosts:
        if use_ipv6:
            for address in await resolve(host):
                #          ^^^^^^^^^^^^^^^^^^^ sequential-await
                results.append((host, address))
        for address in await resolve_a(host):
            results.append((host, address))
    return results
