"""Loopwise profiler runner: process control. The runner is a child subreaper and has a
parent watchdog; it finds what the tasks left running (processes below it, threads) and
reports and kills it."""
import os, sys, threading, time

_PR_SET_CHILD_SUBREAPER = 36
# How often the watchdog looks whether the engine's process is still the parent.
_WATCH_EVERY_S = 0.2


def _become_subreaper():
    """Orphans of the tasks (a detached child's children, a double fork) are re-parented
    to this process instead of init, so that _descendants() still finds them."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes
        return ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except Exception:
        return False


def _proc_table():
    table = []
    try:
        names = os.listdir("/proc")
    except OSError:
        return table
    for name in names:
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name, "rb") as f:
                stat = f.read().decode("latin-1")
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        table.append((int(name), int(fields[1]), int(fields[2]), int(fields[3]), fields[0] == "Z"))
    return table


def _descendants(root=None):
    """Live processes below this one: children and theirs, and members of a process group
    or session one of them leads (the same rule as process-tree.ts)."""
    root = os.getpid() if root is None else root
    table = _proc_table()
    mine = {root}
    grew = True
    while grew:
        grew = False
        for pid, ppid, pgid, sid, _ in table:
            if pid not in mine and (ppid in mine or pgid in mine or sid in mine):
                mine.add(pid)
                grew = True
    mine.discard(root)
    zombies = {pid for pid, _, _, _, z in table if z}
    return sorted(mine - zombies)


def _describe_pids(pids):
    out = []
    for pid in pids:
        try:
            with open("/proc/%d/cmdline" % pid, "rb") as f:
                cmd = " ".join(a.decode("utf-8", "replace") for a in f.read().split(b"\0") if a)
        except OSError:
            cmd = ""
        out.append("%d (%s)" % (pid, cmd[:77] + "…" if len(cmd) > 80 else cmd))
    return out


def _kill_descendants(exclude=()):
    """Stops each descendant first, so none can fork between the look and the kill."""
    import signal
    seen = set()
    for _ in range(10):
        fresh = [p for p in _descendants() if p not in seen and p not in exclude]
        if not fresh:
            break
        for p in fresh:
            seen.add(p)
            try:
                os.kill(p, signal.SIGSTOP)
            except OSError:
                pass
    for p in seen:
        try:
            os.kill(p, signal.SIGKILL)
        except OSError:
            pass
    return sorted(seen)


def _watch_parent():
    """The engine was killed (SIGKILL gives it no chance to kill this process): take down
    everything below this process, its process group and itself. A thread, not
    PR_SET_PDEATHSIG, so that there is time to do that before dying."""
    import signal
    parent = os.getppid()
    def run():
        while True:
            time.sleep(_WATCH_EVERY_S)
            if os.getppid() != parent:
                _kill_descendants()
                try:
                    os.killpg(os.getpgrp(), signal.SIGKILL)
                finally:
                    os._exit(1)
    threading.Thread(target=run, name="loopwise-watchdog", daemon=True).start()


def _user_threads(ours):
    """Threads still running that the tasks started: not this runner's, not a pool's own
    (its workers, a process pool's manager and queue feeder threads)."""
    left = []
    for t in threading.enumerate():
        if t is threading.main_thread() or t in ours or not t.is_alive():
            continue
        target = getattr(t, "_target", None)
        modules = (type(t).__module__, getattr(target, "__module__", None) or "")
        if t.name.startswith("ThreadPoolExecutor-") or any(m.startswith(("concurrent.futures", "multiprocessing", "distributed", "tornado", "dask", "joblib")) for m in modules):
            continue
        left.append(t)
    return left


def _thread_note(threads):
    def name(t):
        target = getattr(t, "_target", None)
        where = getattr(target, "__qualname__", None)
        return "%s%s%s" % (t.name, " (%s)" % where if where else "", ", daemon" if t.daemon else "")
    return ("The tasks started %s that %s still running when the profile ended: %s. The profile ended them with its process; "
            "in your program a non-daemon thread keeps the process alive, and a daemon thread is killed at exit mid-work."
            % ("a thread" if len(threads) == 1 else "%d threads" % len(threads), "was" if len(threads) == 1 else "were",
               ", ".join(name(t) for t in threads)))


def _infrastructure_pids():
    """multiprocessing's own helper processes (forkserver, resource tracker), not the tasks'."""
    pids = set()
    for mod, obj, attr in (("multiprocessing.forkserver", "_forkserver", "_forkserver_pid"),
                           ("multiprocessing.resource_tracker", "_resource_tracker", "_pid"),
                           ("joblib.externals.loky.backend.resource_tracker", "_resource_tracker", "_pid")):
        m = sys.modules.get(mod)
        pid = getattr(getattr(m, obj, None), attr, None) if m else None
        if isinstance(pid, int):
            pids.add(pid)
    return pids


def finish(raw, ours, warnings, known):
    """The notes on threads and processes the tasks left running; those processes are killed.
    known: the pools' and engines' own worker processes, which are not the tasks'."""
    # A thread about to finish gets a moment; one that never ends gets a note.
    deadline = time.perf_counter() + 0.5
    for t in _user_threads(ours):
        t.join(max(0.0, deadline - time.perf_counter()))
    threads = _user_threads(ours)
    if threads:
        warnings.append(_thread_note(threads))
    infra = _infrastructure_pids() | known
    left = [p for p in _descendants() if p not in infra]
    leftovers = _describe_pids(left)
    if left:
        _kill_descendants(exclude=infra)
    if leftovers:
        raw["leftovers"] = leftovers
