/** Processes that carry a test's token in their environment: what a profile started, and what is left of it. */
import { readdirSync, readFileSync } from 'node:fs';

/** Pids of live processes whose environment holds the token (zombies have no environment left). */
export function carriers(token: string): { pid: number; cmd: string }[] {
  const out: { pid: number; cmd: string }[] = [];
  const needle = `LOOPWISE_CLEANUP_TOKEN=${token}`;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const env = readFileSync(`/proc/${name}/environ`, 'latin1');
      if (!env.split('\0').includes(needle)) continue;
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      if (stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z') continue;
      out.push({ pid: Number(name), cmd: readFileSync(`/proc/${name}/cmdline`, 'latin1').split('\0').join(' ').trim() });
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

