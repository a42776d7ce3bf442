"""CPU-heavy work inside async def, or reached from it."""
import time


async def pairs(items):
    # One output item per pair: the n·m work is the output itself, left alone.
    out = []
    for a in items:
        for b in items:
            out.append((a, b))
    return out


async def close_pairs(items):
    out = []
    for a in items:
  # ^^^^^^^^^^^^^^^ cpu-bound-on-event-loop
        for b in items:
            if abs(a - b) < 1:
                out.append((a, b))
    return out


async def spin(seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
  # ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ cpu-bound-on-event-loop
        pass


async def forever(state):
    while True:
  # ^^^^^^^^^^^ cpu-bound-on-event-loop
        state.tick()


def fib(n):
  # ^^^ cpu-bound-on-event-loop
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def similarity(rows, cols):
    total = 0
    for r in rows:
  # ^^^^^^^^^^^^^^ cpu-bound-on-event-loop
        for c in range(len(cols)):
            total += r * cols[c]
    return total


async def handler(request):
    # Reported once, at the work in each helper; this call is in its related information.
    score = similarity(request.rows, request.cols)
    return fib(request.n), score


async def batch(request):
    # A second async caller of the same helper: still one finding, at the helper.
    return [similarity(r.rows, r.cols) for r in await request.json()]


def remember(seen, item):
    seen.append(item)


async def dedupe(orders):
    # `seen` starts as a literal but grows with the input.
    seen = []
    for order in orders:
  # ^^^^^^^^^^^^^^^^^^^^ cpu-bound-on-event-loop
        for other in seen:
            if other == order:
                break
        seen.append(order)
    return seen


async def matches(orders):
    # Handed to a function that may grow it: its size is not traced, so this stays quiet.
    known = []
    remember(known, None)
    hits = 0
    for order in orders:
        for k in known:
            hits += k == order
    return hits


def cross(xs, ys):
    for x in xs:
  # ^^^^^^^^^^^^ cpu-bound-on-event-loop
        for y in ys:
            yield x, y


async def count_cross(xs, ys):
    return sum(1 for _ in cross(xs, ys))
