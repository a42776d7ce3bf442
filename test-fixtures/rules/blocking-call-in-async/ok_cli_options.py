"""A loop over what the command line gave (argparse's or optparse's parsed options,
`sys.argv`, a click command's parameters) is not a loop over data: its items are what
the user typed, once per run. File work per option is not a hot path."""
import argparse
import asyncio
import optparse
import os
import sys
from optparse import Values
from tempfile import NamedTemporaryFile
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from optparse import Values as OptionValues


def settings_from_files(settings, setting_files):
    # Filled only with an option's list (`options.setting_files`): one temp file per file named.
    for setting_file in setting_files:
        if setting_file == "-":
            with NamedTemporaryFile() as handle:
                handle.write(sys.stdin.read().encode())
                settings.append(handle.name)
        else:
            settings.append(setting_file)


async def broadcast(options: "OptionValues", target):
    settings = []
    settings_from_files(settings, options.setting_files)
    await asyncio.sleep(0)
    return target, settings


async def broadcast_all(options: Values, targets):
    return await asyncio.gather(*(broadcast(options, t) for t in ["a", "b"]))


async def check_paths(args: argparse.Namespace):
    for path in sorted(args.paths):
        if not os.path.exists(path):
            return path
    return None


async def sizes_of_argv():
    return [os.path.getsize(name) for name in sys.argv[1:]]


async def from_parser():
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="*")
    args, _rest = parser.parse_known_args()
    return [os.path.isfile(p) for p in args.paths]


async def positional_args():
    parser = optparse.OptionParser()
    options, args = parser.parse_args()
    for name in args:
        os.path.getsize(name)
    return options


@click.command()
@click.argument("names", nargs=-1)
async def clicked(names):
    for name in names:
        os.path.getsize(name)


async def serve_forever():
    await asyncio.gather(check_paths(argparse.Namespace(paths=[])), sizes_of_argv(), broadcast_all(Values(), []))
