"""Guarded updates, local state, and functions that never run on threads."""
import threading
from concurrent.futures import ThreadPoolExecutor

lock = threading.Lock()
hits = 0
cache = {}


def count():
    global hits
    with lock:
        hits += 1


def remember(key, value):
    with lock:
        if key not in cache:
            cache[key] = value


def local_only(items):
    total = 0
    seen = {}
    for i in items:
        total += i
        if i not in seen:
            seen[i] = True
    print(total)
    return total


def not_threaded():
    global hits
    hits += 1


def main(items):
    with ThreadPoolExecutor() as ex:
        ex.submit(count)
        ex.submit(remember, "a", 1)
        ex.submit(local_only, items)
