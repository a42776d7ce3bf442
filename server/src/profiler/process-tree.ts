/**
 * A process and everything it started, found and killed through /proc on Linux. A
 * process group kill misses children that called setsid (`detached: true`,
 * `start_new_session=True`); the profiler's child is a child subreaper where it can be
 * (see supervise-child.ts), so such children stay below it in the tree, where this finds
 * them. Elsewhere only the process group is killed.
 */
import { readdirSync, readFileSync } from 'node:fs';

interface Proc {
  pid: number;
  ppid: number;
  pgid: number;
  sid: number;
  zombie: boolean;
}

function readTable(): Proc[] {
  const out: Proc[] = [];
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return out;
  }
  for (const name of names) {
    if (name.charCodeAt(0) < 48 || name.charCodeAt(0) > 57) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'latin1');
    } catch {
      continue; // it ended while we looked
    }
    // The command name sits in parentheses and may itself hold spaces or parentheses.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    out.push({ pid: Number(name), ppid: Number(f[1]), pgid: Number(f[2]), sid: Number(f[3]), zombie: f[0] === 'Z' });
  }
  return out;
}

/**
 * The live processes below `root`: its children and theirs, and anything in a process
 * group or session that one of them leads. `root` itself is not included.
 */
export function descendantsOf(root: number, rootAlive = true): number[] {
  if (process.platform !== 'linux') return [];
  const table = readTable();
  const mine = new Set<number>([root]);
  // Once `root` has exited and been reaped its pid may belong to someone else: then only
  // its session and group, which outlive it, say who is its.
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of table) {
      if (mine.has(p.pid)) continue;
      if (mine.has(p.ppid) || mine.has(p.pgid) || mine.has(p.sid)) {
        if (!rootAlive && p.ppid === root && p.pgid !== root && p.sid !== root) continue;
        mine.add(p.pid);
        grew = true;
      }
    }
  }
  mine.delete(root);
  const zombies = new Set(table.filter((p) => p.zombie).map((p) => p.pid));
  return [...mine].filter((p) => !zombies.has(p));
}

/** One line per process: pid and command line, for a note. */
export function describeProcesses(pids: number[]): string[] {
  return pids.map((pid) => {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').filter(Boolean).join(' ');
      return `${pid} (${cmd.length > 80 ? `${cmd.slice(0, 77)}…` : cmd})`;
    } catch {
      return String(pid);
    }
  });
}

function signal(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}

/**
 * Kills `root`'s descendants (see descendantsOf) and, with `includeRoot`, `root` and its
 * process group. Each one found is stopped first, so that none can fork a new one
 * between the look and the kill; the look repeats until it finds nobody new.
 */
export function killTree(root: number, includeRoot = true, rootAlive = true): number[] {
  const stopped: number[] = [];
  if (process.platform === 'linux') {
    const seen = new Set<number>();
    if (includeRoot && rootAlive && signal(root, 'SIGSTOP')) seen.add(root);
    for (let round = 0; round < 10; round++) {
      const fresh = descendantsOf(root, rootAlive).filter((p) => !seen.has(p) && p !== process.pid);
      if (fresh.length === 0) break;
      for (const p of fresh) {
        seen.add(p);
        if (signal(p, 'SIGSTOP')) stopped.push(p);
      }
    }
    for (const p of seen) signal(p, 'SIGKILL');
  }
  if (includeRoot) {
    if (process.platform !== 'win32') signal(-root, 'SIGKILL');
    if (rootAlive) signal(root, 'SIGKILL');
  }
  return stopped;
}
