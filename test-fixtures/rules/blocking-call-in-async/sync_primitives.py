"""Time and thread primitives that wait, called from async code."""
import concurrent.futures
import multiprocessing
import queue
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from queue import Queue as JobQueue
from threading import Event, Lock
from time import sleep as pause

lock = Lock()
rlock = threading.RLock()
sem = threading.Semaphore(2)
cond = threading.Condition()
ready = Event()
jobs = JobQueue()
bounded = queue.Queue(maxsize=10)


async def sleeps():
    time.sleep(1)
  # ^^^^^^^^^^^^^ blocking-call-in-async
    pause(0.1)


async def locks():
    lock.acquire()
  # ^^^^^^^^^^^^^^ blocking-call-in-async
    rlock.acquire(True)
    sem.acquire(timeout=5)
    cond.acquire()
    cond.wait()
    cond.wait_for(lambda: True)
    ready.wait(1.5)


async def queues():
    jobs.get()
  # ^^^^^^^^^^ blocking-call-in-async
    jobs.get(timeout=1)
    jobs.get(True)
    bounded.put(1)
    jobs.join()


async def futures(fn):
    with ThreadPoolExecutor() as ex:
        fut = ex.submit(fn)
        fut.result()
      # ^^^^^^^^^^^^ blocking-call-in-async
        concurrent.futures.wait([fut])


async def annotated(fut: Future, evt: threading.Event, q: queue.Queue, t: threading.Thread):
    fut.result(timeout=10)
  # ^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    evt.wait()
    q.get()
    t.join()


async def pools(fn, items):
    with multiprocessing.Pool() as pool:
        pool.map(fn, items)
      # ^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
        pool.apply(fn, (1,))
        pool.starmap(fn, [(1,)])
        pool.apply_async(fn).get()


async def threads(fn):
    t = threading.Thread(target=fn)
    t.start()
    t.join()
  # ^^^^^^^^ blocking-call-in-async
    p = multiprocessing.Process(target=fn)
    p.start()
    p.join()


async def through_helper():
    return wait_ready()


def wait_ready():
    return ready.wait()
    #      ^^^^^^^^^^^^ blocking-call-in-async
