"""Async generators: one that collects and yields each result as it comes, and one that gathers a batch first."""


async def get_property(resource, name):
    return (resource, name)


async def fetch(url):
    return url


async def property_changes(resources, requested):
    # Streams one status per resource: what the inner loop collects is yielded straight away.
    for resource in resources:
        found = []
        for name in requested:
            found.append(await get_property(resource, name))
        yield (resource, found)


async def pages(urls):
    # The loop collects every page, then the generator yields them one by one:
    # the consumer waits for the whole batch, fetched one after another.
    bodies = []
    for url in urls:
        bodies.append(await fetch(url))
  #                   ^^^^^^^^^^^^^^^^ sequential-await (hint)
    for body in bodies:
        yield body
