"""Waits where nothing else shares the loop are left alone: a command's coroutine that
a sync helper runs with asyncio.run (the command's only task: a poll interval, a y/n
prompt), and start-up, restart and shutdown steps that a long-running coroutine
awaits in line, once. Local file work in a task launched beside others still needs
repetition (a handler or a loop over data): one small read costs nothing."""
import asyncio
import functools
import subprocess
import threading
import time
from concurrent.futures import ProcessPoolExecutor


def run_command(coro_fn, *args):
    # A console script's sync entry: the coroutine is the loop's only task.
    return asyncio.run(coro_fn(*args))


async def wait_for_state(client, interval):
    while not client.done():
        time.sleep(interval)


async def command_run(options, workflow):
    if options.confirm and input(f"Remove {workflow}? [y/N] ") != "y":
        return 1
    await wait_for_state(options.client, options.interval)
    return 0


def command_main(options, workflow):
    return run_command(functools.partial(command_run, options), workflow)


class Scheduler:
    def __init__(self, is_restart):
        self.is_restart = is_restart
        self.barrier = threading.Barrier(2, timeout=10)
        self.pool = ProcessPoolExecutor()
        self.stopping = False

    async def bind_ports(self):
        # Waits for the server thread to bind, once, before the scheduler goes on.
        self.barrier.wait()

    async def restart_remote_init(self):
        subprocess.run(["remote-init", "--restart"], check=True)

    async def configure(self):
        await self.bind_ports()
        if self.is_restart:
            await self.restart_remote_init()

    async def workflow_shutdown(self):
        self.pool.shutdown(wait=True)

    async def main_loop_pass(self):
        await asyncio.sleep(1)

    async def run_scheduler(self):
        await self.configure()
        while not self.stopping:
            await self.main_loop_pass()
        await self.workflow_shutdown()


def load_settings(path):
    with open(path) as f:
        return f.read()


async def settings_watcher(path):
    return load_settings(path)


async def launch_watcher(path):
    return await asyncio.gather(settings_watcher(path), asyncio.sleep(1))
