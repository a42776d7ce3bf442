"""Module-level locks used by another module (see cross_module.py)."""
import threading

index_lock = threading.Lock()
store_lock = threading.Lock()


def reindex():
    with index_lock:
        with store_lock:
        #    ^^^^^^^^^^ lock-order-inversion
            pass
