"""A data item's own method, awaited once per item and collected."""

PAGE_SIZE = 50


async def load_all(items):
    results = []
    for item in items:
        results.append(await item.fetch())
  #                    ^^^^^^^^^^^^^^^^^^ sequential-await (hint)
    return results


async def sizes(files):
    out = {}
    for f in files:
        out[f.name] = await f.size(limit=PAGE_SIZE)
  #                   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ sequential-await (hint)
    return out


async def per_item_objects(users):
    # A method of each item, handed nothing shared: each item does its own work (issue 12's recall gap).
    out = []
    for user in users:
        out.append(await user.reload())
  #                ^^^^^^^^^^^^^^^^^^^ sequential-await (hint)
    return out
