"""dask.bag computes on worker processes by default: a mapped function's writes to module state stay there."""
import dask
import dask.bag as db

seen = set()
counts = {}


def note(item):
    seen.add(item)
  # ^^^^^^^^^^^^^^ global-in-worker-process
    return item


def count(item):
    counts[item] = 1
    return item


def keep_even(item):
    return item % 2 == 0


def default_scheduler(items):
    db.from_sequence(items, npartitions=4).filter(keep_even).map(note).compute()
    return sorted(seen)


def named_bag(items):
    bag = db.from_sequence(items).map(count)
    with dask.config.set(scheduler="threads"):
        bag.compute()
    return counts
