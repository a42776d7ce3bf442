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


async def openers(path, fd):
    f = open(path)
    #   ^^^^^^^^^^ blocking-call-in-async
    g = io.open(path, "rb")
    #   ^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    h = io_open(path)
    #   ^^^^^^^^^^^^^ blocking-call-in-async
    code = io.open_code(path)
    #      ^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    d = os.fdopen(fd)
    #   ^^^^^^^^^^^^^ blocking-call-in-async
    return f, g, h, code, d


async def with_as(path):
    with open(path) as f:
    #    ^^^^^^^^^^ blocking-call-in-async
        # The open() above is the finding: these reads are part of the same fix.
        return f.read() + f.readline()


class Log:
    def __init__(self, path):
        self.out = open(path, "a")

    async def write(self, line):
        self.out.write(line)
      # ^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
        self.out.flush()
      # ^^^^^^^^^^^^^^^^ blocking-call-in-async


async def annotated(text: io.TextIOWrapper, raw: io.BufferedReader, sink: io.BufferedWriter, rw: io.BufferedRandom):
    text.read()
  # ^^^^^^^^^^^ blocking-call-in-async
    raw.readline()
  # ^^^^^^^^^^^^^^ blocking-call-in-async
    sink.write(b"x")
  # ^^^^^^^^^^^^^^^^ blocking-call-in-async
    rw.seek(0)
    rw.truncate()
  # ^^^^^^^^^^^^^ blocking-call-in-async


async def typing_annotated(a: IO[str], b: TextIO, c: BinaryIO, d: Optional[TextIO]):
    a.read()
  # ^^^^^^^^ blocking-call-in-async
    b.write("x")
  # ^^^^^^^^^^^^ blocking-call-in-async
    c.readlines()
  # ^^^^^^^^^^^^^ blocking-call-in-async
    d.writelines(["x"])
  # ^^^^^^^^^^^^^^^^^^^ blocking-call-in-async


async def paths(base: Path, name):
    p = Path(name)
    p.read_text()
  # ^^^^^^^^^^^^^ blocking-call-in-async
    p.write_bytes(b"")
  # ^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    (base / name).exists()
  # ^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    base.parent.is_dir()
  # ^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    Path(name).resolve().mkdir(parents=True)
  # ^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  # ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    list(base.iterdir())
    #    ^^^^^^^^^^^^^^ blocking-call-in-async
    list(base.glob("*.py"))
    #    ^^^^^^^^^^^^^^^^^ blocking-call-in-async
    list(base.rglob("*.py"))
    #    ^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    base.joinpath(name).unlink()
  # ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    base.stat()
  # ^^^^^^^^^^^ blocking-call-in-async
    base.is_file()
  # ^^^^^^^^^^^^^^ blocking-call-in-async
    base.rename(name)
  # ^^^^^^^^^^^^^^^^^ blocking-call-in-async
    base.touch()
  # ^^^^^^^^^^^^ blocking-call-in-async
    with base.open() as f:
    #    ^^^^^^^^^^^ blocking-call-in-async
        return f


async def os_calls(path, other):
    os.stat(path)
  # ^^^^^^^^^^^^^ blocking-call-in-async
    os.lstat(path)
  # ^^^^^^^^^^^^^^ blocking-call-in-async
    os.listdir(path)
  # ^^^^^^^^^^^^^^^^ blocking-call-in-async
    os.scandir(path)
  # ^^^^^^^^^^^^^^^^ blocking-call-in-async
    for _ in os.walk(path):
    #        ^^^^^^^^^^^^^ blocking-call-in-async
        pass
    os.makedirs(path, exist_ok=True)
  # ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    os.mkdir(path)
  # ^^^^^^^^^^^^^^ blocking-call-in-async
    os.remove(path)
  # ^^^^^^^^^^^^^^^ blocking-call-in-async
    os.unlink(path)
  # ^^^^^^^^^^^^^^^ blocking-call-in-async
    os.rename(path, other)
  # ^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    os.replace(path, other)
  # ^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    os.rmdir(path)
  # ^^^^^^^^^^^^^^ blocking-call-in-async


async def os_path_calls(path):
    return (
        os.path.exists(path),
      # ^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
        os.path.isfile(path),
      # ^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
        os.path.isdir(path),
      # ^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
        os.path.getsize(path),
      # ^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
        os.path.getmtime(path),
      # ^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
        path_exists(path),
      # ^^^^^^^^^^^^^^^^^ blocking-call-in-async
    )


async def shutil_calls(a, b):
    shutil.copy(a, b)
  # ^^^^^^^^^^^^^^^^^ blocking-call-in-async
    shutil.copy2(a, b)
  # ^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    shutil.copyfile(a, b)
  # ^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    shutil.copytree(a, b)
  # ^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    shutil.move(a, b)
  # ^^^^^^^^^^^^^^^^^ blocking-call-in-async
    shutil.rmtree(a)
  # ^^^^^^^^^^^^^^^^ blocking-call-in-async
    shutil.disk_usage(a)
  # ^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async


async def temp_files():
    with tempfile.NamedTemporaryFile() as f:
    #    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
        f.write(b"x")
    t = tempfile.TemporaryFile()
    #   ^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    fd, name = tempfile.mkstemp()
    #          ^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    d = tempfile.mkdtemp()
    #   ^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    with tempfile.TemporaryDirectory() as tmp:
    #    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
        return t, fd, name, d, tmp


async def ask():
    return input("name? ")
    #      ^^^^^^^^^^^^^^^ blocking-call-in-async


async def through_helper(path):
    return load(path)


def load(path):
    return Path(path).read_text()
    #      ^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
