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


async def reload_one(user):
    return await user.reload(depth=PAGE_SIZE)


async def reload_through_a_helper(users):
    # The helper hands the item's own method nothing shared but a constant: each item's own work.
    out = []
    for user in users:
        out.append(await reload_one(user))
  #                ^^^^^^^^^^^^^^^^^^^^^^ sequential-await (hint)
    return out
