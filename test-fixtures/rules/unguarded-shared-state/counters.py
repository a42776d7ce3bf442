"""Read-modify-writes of shared state on threads, without a lock."""
import threading
from concurrent.futures import ThreadPoolExecutor

hits = 0
cache = {}


def count():
    global hits
    hits += 1
  # ^^^^^^^^^ unguarded-shared-state


def remember(key, value):
    if key not in cache:
  # ^^^^^^^^^^^^^^^^^^^^ unguarded-shared-state
        cache[key] = value


class Stats(threading.Thread):
    def __init__(self):
        super().__init__()
        self.seen = 0

    def run(self):
        self.seen = self.seen + 1
      # ^^^^^^^^^^^^^^^^^^^^^^^^^ unguarded-shared-state

    def record(self):
        # A second writer, on whichever thread calls it: with run's, one update can be lost.
        self.seen += 1


class Sampler:
    # One updater thread per object, started while it is built; but reset() writes too.
    def __init__(self):
        self.total = 0
        self._worker = threading.Thread(target=self._sample, daemon=True)
        self._worker.start()

    def _sample(self):
        self.total += 1
      # ^^^^^^^^^^^^^^^ unguarded-shared-state

    def reset(self):
        self.total = 0


class Fanned:
    # The same method started as the target of several threads of one object.
    def __init__(self, n):
        self.done = 0
        for _ in range(n):
            threading.Thread(target=self._work).start()

    def _work(self):
        self.done += 1
      # ^^^^^^^^^^^^^^ unguarded-shared-state


def fan_out(keys):
    total = 0

    def add(k):
        nonlocal total
        total += len(k)
      # ^^^^^^^^^^^^^^^ unguarded-shared-state

    with ThreadPoolExecutor() as ex:
        for k in keys:
            ex.submit(add, k)
            ex.submit(remember, k, 1)
    for _ in range(4):
        threading.Thread(target=count).start()
    return total


class PeriodicFiles:
    # The thread marks its file as running, but refresh() starts one whatever runs:
    # two threads for the same file can count at once.
    def __init__(self, files):
        self.files = files
        self.running = set()
        self.downloads = {name: 0 for name in files}

    def _download(self, name, url):
        self.running.add(name)
        try:
            self.downloads[name] += 1
          # ^^^^^^^^^^^^^^^^^^^^^^^^^ unguarded-shared-state
        finally:
            self.running.remove(name)

    def refresh(self, name):
        threading.Thread(target=self._download, args=(name, self.files[name]), daemon=True).start()
