"""Tasks that try to outlive the profile; see test/unit/profiler-cleanup.test.ts."""
import subprocess
import sys
import threading


def spin_forever(marker):
    """Says it started (so the test knows when to signal), then computes forever."""
    with open(marker, "w") as f:
        f.write("started")
    while True:
        pass


def leave_detached(x):
    """Starts a child in its own session that shares the profiler's stdio and sleeps for ten minutes."""
    subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"], start_new_session=True)
    return x


def leave_daemon(x):
    """A child that starts a grandchild in its own session and exits, orphaning it."""
    code = "import subprocess, sys; subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'], start_new_session=True)"
    subprocess.run([sys.executable, "-c", code], start_new_session=True)
    return x


def _forever():
    import time
    while True:
        time.sleep(0.05)


def never_ending_thread(x):
    """Starts a thread that never ends and returns at once."""
    threading.Thread(target=_forever, name="loopwise-test-forever").start()
    return x
