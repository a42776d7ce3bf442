"""A command-line option that names a file is not itself the data: a loop over what
is read from that file (or from the network) is still a loop over data."""
import argparse
import asyncio
import json
import os


def sizes(paths):
    return [os.path.getsize(p) for p in paths]
    #       ^^^^^^^^^^^^^^^^^^ blocking-call-in-async


async def check_listed(args: argparse.Namespace):
    with open(args.listing) as f:
        listed = json.load(f)
    await asyncio.sleep(0)
    return sizes(listed["paths"])


async def check_received(args: argparse.Namespace, reader):
    names = json.loads(await reader.read())
    for name in names:
        if os.path.exists(os.path.join(args.root, name)):
        #  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
            return name
    return None
