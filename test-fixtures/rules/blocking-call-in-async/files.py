"""Files and the file system: openers, file objects, pathlib, os and os.path, shutil, tempfile, input()."""
import io
import os
import os.path
import shutil
import tempfile
from io import open as io_open
from os.path import exists as path_exists
from pathlib import Path
from typing import IO, BinaryIO, Optional, TextIO
from aiohttp import web


async def openers(request: web.Request, path, fd):
    f = open(path)
    #   ^^^^^^^^^^ blocking-call-in-async
    g = io.open(path, "rb")
    #   ^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
    h = io_open(path)
    #   ^^^^^^^^^^^^^ blocking-call-in-async (related)
    code = io.open_code(path)
    #      ^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
    d = os.fdopen(fd)
    return f, g, h, code, d


async def with_as(request: web.Request, path):
    with open(path) as f:
    #    ^^^^^^^^^^ blocking-call-in-async
        # The open() above is the finding: these reads are part of the same fix.
        return f.read() + f.readline()


class Log:
    def __init__(self, path):
        self.out = open(path, "a")

    async def write(self, request: web.Request, line):
        self.out.write(line)
      # ^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
        self.out.flush()
      # ^^^^^^^^^^^^^^^^ blocking-call-in-async (related)


async def annotated(request: web.Request, text: io.TextIOWrapper, raw: io.BufferedReader, sink: io.BufferedWriter, rw: io.BufferedRandom):
    text.read()
  # ^^^^^^^^^^^ blocking-call-in-async
    raw.readline()
  # ^^^^^^^^^^^^^^ blocking-call-in-async (related)
    sink.write(b"x")
  # ^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
    rw.seek(0)
    rw.truncate()
  # ^^^^^^^^^^^^^ blocking-call-in-async (related)


async def typing_annotated(request: web.Request, a: IO[str], b: TextIO, c: BinaryIO, d: Optional[TextIO]):
    a.read()
  # ^^^^^^^^ blocking-call-in-async
    b.write("x")
  # ^^^^^^^^^^^^ blocking-call-in-async (related)
    c.readlines()
  # ^^^^^^^^^^^^^ blocking-call-in-async (related)
    d.writelines(["x"])
  # ^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)


async def paths(request: web.Request, base: Path, name):
    p = Path(name)
    p.read_text()
  # ^^^^^^^^^^^^^ blocking-call-in-async
    p.write_bytes(b"")
  # ^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
    (base / name).exists()
  # ^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
    base.parent.is_dir()
  # ^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
    Path(name).resolve().mkdir(parents=True)
    list(base.iterdir())
    list(base.glob("*.py"))
    list(base.rglob("*.py"))
    base.joinpath(name).unlink()
    base.stat()
    base.is_file()
    base.rename(name)
    base.touch()
    with base.open() as f:
        return f


async def os_calls(request: web.Request, path, other):
    os.stat(path)
  # ^^^^^^^^^^^^^ blocking-call-in-async
    os.lstat(path)
  # ^^^^^^^^^^^^^^ blocking-call-in-async (related)
    os.listdir(path)
  # ^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
    os.scandir(path)
  # ^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
    for _ in os.walk(path):
        pass
    os.makedirs(path, exist_ok=True)
    os.mkdir(path)
    os.remove(path)
    os.unlink(path)
    os.rename(path, other)
    os.replace(path, other)
    os.rmdir(path)


async def os_path_calls(request: web.Request, path):
    return (
        os.path.exists(path),
      # ^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
        os.path.isfile(path),
      # ^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
        os.path.isdir(path),
      # ^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
        os.path.getsize(path),
      # ^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
        os.path.getmtime(path),
        path_exists(path),
    )


async def shutil_calls(request: web.Request, a, b):
    shutil.copy(a, b)
  # ^^^^^^^^^^^^^^^^^ blocking-call-in-async
    shutil.copy2(a, b)
  # ^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
    shutil.copyfile(a, b)
  # ^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
    shutil.copytree(a, b)
  # ^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
    shutil.move(a, b)
    shutil.rmtree(a)
    shutil.disk_usage(a)


async def temp_files(request: web.Request):
    with tempfile.NamedTemporaryFile() as f:
    #    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
        f.write(b"x")
    t = tempfile.TemporaryFile()
    #   ^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
    fd, name = tempfile.mkstemp()
    #          ^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
    d = tempfile.mkdtemp()
    #   ^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
    with tempfile.TemporaryDirectory() as tmp:
        return t, fd, name, d, tmp


async def ask(request: web.Request):
    return input("name? ")
    #      ^^^^^^^^^^^^^^^ blocking-call-in-async


async def through_helper(request: web.Request, path):
    return load(path)


def load(path):
    return Path(path).read_text()
    #      ^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
