"""Re-entry of a lock the path already holds adds no order: every path here takes `lock` before `tx_lock`."""
import threading


class Ledger:
    def __init__(self):
        self.lock = threading.RLock()
        self.tx_lock = threading.RLock()
        self.heights = {}
        self.history = {}

    def height(self, txid):
        with self.lock:
            return self.heights.get(txid, 0)

    def address_history(self, addr):
        # `height` takes `lock` again: already held here, so it is re-entry, not `lock` after `tx_lock`
        with self.lock, self.tx_lock:
            return [(t, self.height(t)) for t in self.history.get(addr, ())]

    def add(self, txid, addr):
        with self.lock, self.tx_lock:
            self.history.setdefault(addr, set()).add(txid)
            with self.lock:
                self.heights[txid] = 0

    def clear(self):
        with self.lock:
            with self.tx_lock:
                self.history.clear()
                self.address_history(None)


plain_a = threading.Lock()
plain_b = threading.Lock()


def both_in_one_with():
    with plain_a, plain_b:
        pass


def both_again():
    with plain_a, plain_b:
        pass
