"""File objects read on the event loop by the functions they are handed to: the read
is the finding, once, with the async functions that reach it (ok_handed_file.py opens
the files and hands them here; its open() calls are this same root cause)."""
from typing import BinaryIO
from aiohttp import web


def parse_header(fo: BinaryIO):
    magic = fo.read(4)
    #       ^^^^^^^^^^ blocking-call-in-async
    return magic


async def read_records(request: web.Request, fo: BinaryIO, out):
    for line in fo.readlines():
    #           ^^^^^^^^^^^^^^ blocking-call-in-async
        out.append(line)
    return out


def remember(fo, registry):
    registry.append(fo)
