"""CPU-bound functions run on threads, where the GIL serialises them."""
import threading
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.pool import ThreadPool


def count_primes(limit):
    found = 0
    for n in range(2, limit):
        if all(n % d for d in range(2, int(n ** 0.5) + 1)):
            found += 1
    return found


def checksum(data):
    total = 0
    for b in data:
        total = (total * 31 + b) % 1_000_003
    return total


def run_all(limits):
    with ThreadPoolExecutor(max_workers=4) as executor:
        futures = [executor.submit(count_primes, n) for n in limits]
        #                          ^^^^^^^^^^^^ cpu-bound-in-threads
        return [f.result() for f in futures]


def start(data):
    t = threading.Thread(target=checksum, args=(data,))
    #                           ^^^^^^^^ cpu-bound-in-threads
    t.start()
    return t


def pooled(chunks):
    pool = ThreadPool(4)
    try:
        return pool.map(checksum, chunks)
        #               ^^^^^^^^ cpu-bound-in-threads
    finally:
        pool.close()
        pool.join()
