"""Blocking calls written directly in `async def` bodies."""
import queue
import socket
import sqlite3
import subprocess
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from time import sleep as nap

import requests
from aiohttp import web


async def pause(request: web.Request):
    time.sleep(1)
  # ^^^^^^^^^^^^^ blocking-call-in-async


async def pause_aliased(request: web.Request):
    nap(0.5)
  # ^^^^^^^^ blocking-call-in-async


async def fetch(request: web.Request, url):
    page = requests.get(url, timeout=5)
    #      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    raw = urllib.request.urlopen(url).read()
    #     ^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
    return page, raw


async def shell(request: web.Request):
    subprocess.run(["ls"], check=True)
  # ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async


async def read_config(request: web.Request, path):
    with open(path) as f:
    #    ^^^^^^^^^^ blocking-call-in-async
        return f.name


async def ask(request: web.Request):
    return input("name? ")
    #      ^^^^^^^^^^^^^^^ blocking-call-in-async


async def talk(request: web.Request, host):
    sock = socket.socket()
    sock.connect((host, 80))
  # ^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    return sock.recv(1024)
    #      ^^^^^^^^^^^^^^^ blocking-call-in-async (related)


lock = threading.Lock()
jobs = queue.Queue()


async def consume(request: web.Request):
    lock.acquire()
  # ^^^^^^^^^^^^^^ blocking-call-in-async
    item = jobs.get()
    #      ^^^^^^^^^^ blocking-call-in-async (related)
    return item


async def query(request: web.Request, db_path):
    conn = sqlite3.connect(db_path)
    #      ^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    cur = conn.cursor()
    cur.execute("select 1")
  # ^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
    return cur


async def wait_for_pool(request: web.Request, xs):
    with ThreadPoolExecutor() as ex:
        fut = ex.submit(sum, xs)
        return fut.result()
        #      ^^^^^^^^^^^^ blocking-call-in-async


async def join_worker(request: web.Request, worker: threading.Thread):
    worker.join()
  # ^^^^^^^^^^^^^ blocking-call-in-async


async def yield_to_threads(request: web.Request):
    # A zero sleep hands the GIL to other threads and returns at once: not a wait.
    time.sleep(0)
    nap(0.0)
    time.sleep(0.001)
  # ^^^^^^^^^^^^^^^^^ blocking-call-in-async
