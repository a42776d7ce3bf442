"""Processes: the asyncio ways, offloaded calls, non-waiting waits, starting a child without waiting, and sync code."""
import asyncio
import os
import subprocess


async def runs(cmd):
    proc = await asyncio.create_subprocess_exec(*cmd)
    await proc.wait()
    shell = await asyncio.create_subprocess_shell("ls")
    await shell.communicate()
    await asyncio.to_thread(subprocess.run, cmd, check=True)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, lambda: subprocess.check_output(cmd))


async def polls(pid, proc: subprocess.Popen):
    os.waitpid(pid, os.WNOHANG)
    os.wait4(pid, os.WNOHANG | os.WUNTRACED)
    proc.poll()
    proc.wait(timeout=0)


async def names_only():
    return subprocess.PIPE, os.P_NOWAIT, subprocess.CalledProcessError


async def starts(cmd, path, args, mode):
    # fork + exec, returning at once (asyncio.create_subprocess_exec does the same on the loop)
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    os.spawnvp(os.P_NOWAIT, path, args)
    os.spawnl(mode, path, "x")
    os.posix_spawn(path, args, os.environ)
    os.posix_spawnp(path, args, os.environ)
    return proc.pid


def sync_build(cmd):
    subprocess.run(cmd, check=True)
    os.system("make")
    os.waitpid(-1, 0)
