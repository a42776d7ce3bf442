"""Two locks taken in opposite orders: two threads can deadlock."""
import threading

accounts_lock = threading.Lock()
audit_lock = threading.Lock()


def transfer():
    with accounts_lock:
        with audit_lock:
        #    ^^^^^^^^^^ lock-order-inversion
            pass


def write_audit():
    with audit_lock:
        with accounts_lock:
        #    ^^^^^^^^^^^^^ lock-order-inversion
            pass


class Cache:
    def __init__(self):
        self.read_lock = threading.RLock()
        self.write_lock = threading.RLock()

    def refresh(self):
        with self.read_lock:
            self._flush()
          # ^^^^^^^^^^^^^ lock-order-inversion

    def _flush(self):
        with self.write_lock:
            pass

    def evict(self):
        with self.write_lock, self.read_lock:
        #                     ^^^^^^^^^^^^^^ lock-order-inversion
            pass
