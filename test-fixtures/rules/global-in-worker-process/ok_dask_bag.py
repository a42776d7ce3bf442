"""A bag computed on threads or synchronously shares the module with its caller."""
import dask
import dask.bag as db

seen = set()


def note(item):
    seen.add(item)
    return item


def on_threads(items):
    db.from_sequence(items).map(note).compute(scheduler="threads")
    return sorted(seen)


def synchronous(items):
    with dask.config.set(scheduler="sync"):
        db.from_sequence(items).map(note).compute()
    return sorted(seen)
