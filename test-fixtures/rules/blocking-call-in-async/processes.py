"""Processes: waiting for a child, or starting one, from async code."""
import os
import subprocess
from os import P_NOWAIT, P_WAIT
from subprocess import Popen
from subprocess import run as sh


async def runs(cmd):
    subprocess.run(cmd, check=True)
  # ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    subprocess.call(cmd)
    subprocess.check_call(cmd)
    out = subprocess.check_output(cmd)
    text = subprocess.getoutput("ls")
    status, text = subprocess.getstatusoutput("ls")
    sh(cmd)
    return out, text, status


async def shells(cmd):
    os.system(cmd)
  # ^^^^^^^^^^^^^^ blocking-call-in-async
    pipe = os.popen(cmd)
    return pipe


async def popen_waits(cmd):
    proc = Popen(cmd)
    #      ^^^^^^^^^^ blocking-call-in-async
    proc.wait()
    out, err = proc.communicate()
    return out, err


async def popen_with(cmd):
    with subprocess.Popen(cmd, stdout=subprocess.PIPE) as proc:
    #    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
        return proc.communicate(timeout=5)


async def waits_for_children(pid):
    os.wait()
  # ^^^^^^^^^ blocking-call-in-async
    os.waitpid(pid, 0)
    os.wait3(0)
    os.wait4(pid, 0)


async def spawns(path, args):
    os.spawnv(os.P_WAIT, path, args)
  # ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    os.spawnl(P_WAIT, path, "x")
    os.spawnvp(P_NOWAIT, path, args)
    os.posix_spawn(path, args, os.environ)
    os.posix_spawnp(path, args, os.environ)


async def waits_on(proc: subprocess.Popen):
    proc.wait()
  # ^^^^^^^^^^^ blocking-call-in-async


async def through_helper(cmd):
    return build(cmd)


def build(cmd):
    return subprocess.check_output(cmd)
    #      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
