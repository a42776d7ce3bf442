"""Re-entry adds no order, but a path that takes the second lock first still inverts."""
import threading


class Index:
    def __init__(self):
        self.lock = threading.RLock()
        self.tx_lock = threading.RLock()

    def height(self):
        with self.lock:
            return 0

    def history(self):
        with self.lock, self.tx_lock:
        #               ^^^^^^^^^^^^ lock-order-inversion
            return self.height()

    def rebuild(self):
        with self.lock, self.tx_lock:
            pass

    def stale(self):
        with self.tx_lock:
            return self.height()
                 # ^^^^^^^^^^^^^ lock-order-inversion
