"""Locks always taken in the same order, a re-entrant lock taken twice, and local locks."""
import threading

first = threading.Lock()
second = threading.Lock()
reentrant = threading.RLock()


def a():
    with first:
        with second:
            pass


def b():
    with first:
        with second:
            pass


def again():
    with reentrant:
        with reentrant:
            pass


def local_locks():
    x = threading.Lock()
    y = threading.Lock()
    with x:
        with y:
            pass
    with y:
        with x:
            pass
