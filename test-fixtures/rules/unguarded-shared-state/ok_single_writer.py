"""Single-writer state: only the object's own thread writes it, the other methods only read it."""
import threading
import time


class TransferMonitor:
    # One updater thread per monitor, started while the monitor is built (through a
    # helper only the constructor calls). Only that thread writes average_speed; the
    # other methods read a float, which sees the old value or the new, never a lost one.
    def __init__(self, total):
        self.total = total
        self.average_speed = 0.0
        self.done = False
        self._sizes = []
        self._start_updater()

    def _start_updater(self):
        self._updater = threading.Thread(target=self._update_loop, daemon=True)
        self._updater.start()

    def _update_loop(self):
        while not self.done:
            self.average_speed = (self.average_speed + sum(self._sizes)) / 2
            time.sleep(1)

    def remaining(self):
        return self.total / (self.average_speed or 1)


class Ticker(threading.Thread):
    # A Thread subclass's run is its own thread; nothing else writes ticks.
    def __init__(self):
        super().__init__(daemon=True)
        self.ticks = 0

    def run(self):
        while True:
            self.ticks += 1
            time.sleep(1)

    def report(self):
        return self.ticks


class PeriodicFiles:
    # A single flight per file: a download thread starts only when none runs for that
    # file, and the thread marks its file as running. What it counts under its own
    # file name has one writer at a time.
    def __init__(self, files):
        self.files = files
        self.running = set()
        self.downloads = {name: 0 for name in files}

    def _download(self, name, url):
        self.running.add(name)
        try:
            time.sleep(1)
            self.downloads[name] += 1
        finally:
            self.running.remove(name)

    def refresh(self, name):
        if name not in self.running:
            threading.Thread(target=self._download, args=(name, self.files[name]), daemon=True).start()
