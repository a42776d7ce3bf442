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
  # ^^^^^^^^^^ blocking-call-in-async (related)


async def locks():
    lock.acquire()
  # ^^^^^^^^^^^^^^ blocking-call-in-async
    rlock.acquire(True)
  # ^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
    sem.acquire(timeout=5)
  # ^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
    cond.acquire()
  # ^^^^^^^^^^^^^^ blocking-call-in-async (related)
    cond.wait()
    cond.wait_for(lambda: True)
    ready.wait(1.5)


async def queues():
    jobs.get()
  # ^^^^^^^^^^ blocking-call-in-async
    jobs.get(timeout=1)
  # ^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
    jobs.get(True)
  # ^^^^^^^^^^^^^^ blocking-call-in-async (related)
    bounded.put(1)
  # ^^^^^^^^^^^^^^ blocking-call-in-async (related)
    jobs.join()


async def wait_futures(fn):
    with ThreadPoolExecutor() as ex:
        fut = ex.submit(fn)
        fut.result()
      # ^^^^^^^^^^^^ blocking-call-in-async
        concurrent.futures.wait([fut])
      # ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)


async def annotated(fut: Future, evt: threading.Event, q: queue.Queue, t: threading.Thread):
    fut.result(timeout=10)
  # ^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    evt.wait()
  # ^^^^^^^^^^ blocking-call-in-async (related)
    q.get()
  # ^^^^^^^ blocking-call-in-async (related)
    t.join()
  # ^^^^^^^^ blocking-call-in-async (related)


async def pools(fn, items):
    with multiprocessing.Pool() as pool:
        pool.map(fn, items)
      # ^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
        pool.apply(fn, (1,))
      # ^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
        pool.starmap(fn, [(1,)])
      # ^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
        pool.apply_async(fn).get()
      # ^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)


async def threads(fn):
    t = threading.Thread(target=fn)
    t.start()
    t.join()
  # ^^^^^^^^ blocking-call-in-async
    p = multiprocessing.Process(target=fn)
    p.start()
    p.join()
  # ^^^^^^^^ blocking-call-in-async (related)


async def through_helper():
    return wait_ready()


def wait_ready():
    return ready.wait()
    #      ^^^^^^^^^^^^ blocking-call-in-async
