/**
 * CPU time of the calling thread, in ms. `process.cpuUsage()` counts every thread of
 * the process, so it cannot tell one worker's busy time from another's. Node 23.9+
 * has `process.threadCpuUsage()`; on older Node we read Linux's
 * `/proc/thread-self/schedstat` (nanoseconds on CPU) through a kept-open descriptor,
 * which costs a few microseconds per read. Elsewhere it returns null and callers fall
 * back to elapsed time.
 */
import { closeSync, openSync, readSync } from 'node:fs';

export type ThreadClock = () => number | null;

export function createThreadClock(): ThreadClock {
  const native = (process as unknown as { threadCpuUsage?: () => { user: number; system: number } }).threadCpuUsage;
  if (typeof native === 'function') {
    return () => {
      const u = native.call(process);
      return (u.user + u.system) / 1000;
    };
  }
  return schedstatField(0) ?? (() => null);
}

/**
 * Time the calling thread spent runnable but waiting for a core (Linux's run-queue
 * delay, the second field of /proc/thread-self/schedstat), in ms; null elsewhere. It is
 * how much other processes took from a run, so a busy machine is not mistaken for
 * waiting on I/O. Updated at context switches, which is fine over a whole run.
 */
export function createRunQueueClock(): () => number | null {
  return schedstatField(1) ?? (() => null);
}

/**
 * A reader of one field of the calling thread's `/proc/thread-self/schedstat`
 * (0: ns on CPU, 1: ns waiting for a core), in ms, through a kept-open descriptor;
 * undefined where the file cannot be read (not Linux, or no procfs).
 */
function schedstatField(field: number): (() => number | null) | undefined {
  if (process.platform !== 'linux') return undefined;
  let fd: number;
  try {
    fd = openSync('/proc/thread-self/schedstat', 'r');
  } catch {
    return undefined;
  }
  const buf = Buffer.alloc(64);
  const read = (): number | null => {
    try {
      const fields = buf.toString('latin1', 0, readSync(fd, buf, 0, buf.length, 0)).trim().split(/\s+/);
      const ns = Number(fields[field]);
      return Number.isFinite(ns) ? ns / 1e6 : null;
    } catch {
      return null;
    }
  };
  if (read() === null) {
    closeSync(fd);
    return undefined;
  }
  return read;
}

/** Wall-clock ms on a time base that every thread of the process shares. */
export function nowAbs(): number {
  return performance.timeOrigin + performance.now();
}
