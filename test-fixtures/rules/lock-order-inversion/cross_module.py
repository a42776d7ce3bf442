"""Takes the locks of shared_locks.py in the opposite order."""
from shared_locks import index_lock, store_lock


def save():
    with store_lock:
        with index_lock:
        #    ^^^^^^^^^^ lock-order-inversion
            pass
