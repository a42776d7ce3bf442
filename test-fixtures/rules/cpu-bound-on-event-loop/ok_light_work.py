"""Linear loops, loops that await, small constant loops, nested data walks: none is flagged."""
import asyncio


async def linear(items):
    return [x * 2 for x in items]


async def chunked(items):
    total = 0
    for a in items:
        for b in items:
            total += a * b
            await asyncio.sleep(0)
    return total


async def small_grid():
    cells = []
    for x in range(8):
        for y in range(8):
            cells.append((x, y))
    return cells


async def walk_rows(table):
    total = 0
    for row in table:
        for cell in row.cells:
            total += cell
    return total


async def poll(queue):
    while True:
        item = await queue.get()
        if item is None:
            break


async def offloaded(data):
    return await asyncio.to_thread(sorted, data)


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


print(fib(20))


async def redact(users):
    # The innermost loop runs over a local literal nothing grows: users × sessions is one walk.
    secret_fields = ("password", "token")
    for user in users:
        for session in user.sessions:
            for field in secret_fields:
                session.pop(field, None)
    return len(secret_fields)
