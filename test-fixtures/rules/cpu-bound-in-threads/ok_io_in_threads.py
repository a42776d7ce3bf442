"""Threads doing I/O or waiting: the GIL is released, threads are the right tool."""
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from urllib.request import urlopen


def download(urls):
    pages = []
    for url in urls:
        with urlopen(url) as r:
            pages.append(r.read())
    return pages


def heartbeat(stop):
    while not stop.is_set():
        time.sleep(1)


def crunch(n):
    return sum(i * i for i in range(n))


def tiny(x):
    return x + 1


def main(urls):
    stop = threading.Event()
    threading.Thread(target=heartbeat, args=(stop,), daemon=True).start()
    with ThreadPoolExecutor() as ex:
        ex.submit(download, urls)
        ex.submit(tiny, 1)
    with ProcessPoolExecutor() as px:
        px.submit(crunch, 10_000_000)
