"""Processes: waiting for a child from async code (starting one returns at once: ok_processes.py); one finding per function, at its first blocking call."""
import os
import subprocess
from os import P_WAIT
from subprocess import Popen
from subprocess import run as sh


async def runs(cmd):
    subprocess.run(cmd, check=True)
  # ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    subprocess.call(cmd)
  # ^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
    subprocess.check_call(cmd)
  # ^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
    out = subprocess.check_output(cmd)
    #     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
    text = subprocess.getoutput("ls")
    status, text = subprocess.getstatusoutput("ls")
    sh(cmd)
    return out, text, status


async def shells(cmd):
    os.system(cmd)
  # ^^^^^^^^^^^^^^ blocking-call-in-async
    pipe = os.popen(cmd)
    #      ^^^^^^^^^^^^^ blocking-call-in-async (related)
    return pipe


async def popen_waits(cmd):
    proc = Popen(cmd)
    proc.wait()
  # ^^^^^^^^^^^ blocking-call-in-async
    out, err = proc.communicate()
    #          ^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
    return out, err


async def popen_with(cmd):
    with subprocess.Popen(cmd, stdout=subprocess.PIPE) as proc:
    #    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
        return proc.communicate(timeout=5)
        #      ^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)


async def waits_for_children(pid):
    os.wait()
  # ^^^^^^^^^ blocking-call-in-async
    os.waitpid(pid, 0)
  # ^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
    os.wait3(0)
  # ^^^^^^^^^^^ blocking-call-in-async (related)
    os.wait4(pid, 0)
  # ^^^^^^^^^^^^^^^^ blocking-call-in-async (related)


async def spawns(path, args):
    os.spawnv(os.P_WAIT, path, args)
  # ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
    os.spawnl(P_WAIT, path, "x")
  # ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)
    os.spawnve(mode=os.P_WAIT, file=path, args=args, env={})
  # ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (related)


async def waits_on(proc: subprocess.Popen):
    proc.wait()
  # ^^^^^^^^^^^ blocking-call-in-async


async def through_helper(cmd):
    return build(cmd)


def build(cmd):
    return subprocess.check_output(cmd)
    #      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
