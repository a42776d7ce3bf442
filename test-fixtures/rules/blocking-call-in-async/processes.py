"""Processes: waiting for a child from async code (starting one returns at once: ok_processes.py)."""
import os
import subprocess
from os import P_WAIT
from subprocess import Popen
from subprocess import run as sh


async def runs(cmd):
    subprocess.run(cmd, check=True)
  # ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    subprocess.call(cmd)
  # ^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    subprocess.check_call(cmd)
  # ^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    out = subprocess.check_output(cmd)
    #     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    text = subprocess.getoutput("ls")
    #      ^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    status, text = subprocess.getstatusoutput("ls")
    #              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    sh(cmd)
  # ^^^^^^^ blocking-call-in-async
    return out, text, status


async def shells(cmd):
    os.system(cmd)
  # ^^^^^^^^^^^^^^ blocking-call-in-async
    pipe = os.popen(cmd)
    #      ^^^^^^^^^^^^^ blocking-call-in-async
    return pipe


async def popen_waits(cmd):
    proc = Popen(cmd)
    proc.wait()
  # ^^^^^^^^^^^ blocking-call-in-async
    out, err = proc.communicate()
    #          ^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    return out, err


async def popen_with(cmd):
    with subprocess.Popen(cmd, stdout=subprocess.PIPE) as proc:
    #    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
        return proc.communicate(timeout=5)
        #      ^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async


async def waits_for_children(pid):
    os.wait()
  # ^^^^^^^^^ blocking-call-in-async
    os.waitpid(pid, 0)
  # ^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    os.wait3(0)
  # ^^^^^^^^^^^ blocking-call-in-async
    os.wait4(pid, 0)
  # ^^^^^^^^^^^^^^^^ blocking-call-in-async


async def spawns(path, args):
    os.spawnv(os.P_WAIT, path, args)
  # ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    os.spawnl(P_WAIT, path, "x")
  # ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    os.spawnve(mode=os.P_WAIT, file=path, args=args, env={})
  # ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async


async def waits_on(proc: subprocess.Popen):
    proc.wait()
  # ^^^^^^^^^^^ blocking-call-in-async


async def through_helper(cmd):
    return build(cmd)


def build(cmd):
    return subprocess.check_output(cmd)
    #      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
