/**
 * The child process that runs user code (dist/profiler-host.js). The engine forks it
 * with a heap limit and sends one job over IPC; it bundles the file, runs the
 * sequential, async-concurrent and worker-pool runs, measures them and sends back the
 * result. The same script is the pool's worker entry, so the bundle ships one file.
 */
import { isMainThread, Worker } from 'node:worker_threads';
import { servePoolWorker } from './pool';
import { killTree } from './process-tree';
import { runJob, type HostState } from './run-job';
import type { HostMessage, ProfileRequest } from './types';

interface StartMessage {
  type: 'start';
  request: ProfileRequest;
  workDir?: string;
}

function serveHost(): void {
  // Saved before the job replaces process.exit with a guard that throws.
  const exit = process.exit.bind(process);
  process.setSourceMapsEnabled(true);
  const state: HostState = { phase: 'starting', inFlight: [] };
  const watchdog = startWatchdog();
  const send = (m: HostMessage | { type: 'state'; state: HostState }) => {
    if (process.connected) process.send!(m);
  };
  process.on('message', (m: StartMessage | { type: 'state?' }) => {
    if (m.type === 'state?') {
      send({ type: 'state', state });
      return;
    }
    if (m.type !== 'start') return;
    // The folder is the engine's to remove, unless the engine is killed first.
    watchdog.postMessage({ workDir: m.workDir });
    runJob(m.request, state, (p) => send(p), m.workDir).then(
      (outcome) => {
        send(outcome);
        // Workers and user timers must not keep the host alive after the answer.
        setTimeout(() => exit(0), 50);
      },
      (e: Error) => {
        send({ type: 'failure', error: { kind: 'crashed', message: `The profiler host failed: ${e.message}`, stack: e.stack } });
        setTimeout(() => exit(1), 50);
      },
    );
  });
  // The engine went (or closed the channel): take down what the tasks started, then go.
  process.on('disconnect', () => {
    killTree(process.pid, false);
    exit(0);
  });
}

/** How often the watchdog looks whether the engine's process is still this one's parent. */
const WATCH_EVERY_MS = 200;

/**
 * A task in an endless synchronous loop holds the main thread, so the 'disconnect' event
 * above never runs when the engine is killed (SIGKILL gives it no chance to kill this
 * process). A thread of its own watches the parent instead, and when it is gone kills
 * everything this process started (the rule of process-tree.ts: children, and members of
 * a group or session one of them leads; each stopped before the next look), removes the
 * temp folder, and kills its process group and this process. It is inline source, not
 * this bundle: a worker that loads the whole host costs a loaded machine a few hundred ms
 * of CPU at the start of every profile.
 */
const WATCHDOG_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
let workDir;
parentPort.on('message', (m) => { workDir = m.workDir; });
parentPort.unref();
const kill = (pid, sig) => { try { process.kill(pid, sig); } catch {} };
function below(root) {
  const table = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync('/proc/' + name + '/stat', 'latin1');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.push([Number(name), Number(f[1]), Number(f[2]), Number(f[3])]);
    } catch {}
  }
  const mine = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid, pgid, sid] of table) {
      if (!mine.has(pid) && (mine.has(ppid) || mine.has(pgid) || mine.has(sid))) { mine.add(pid); grew = true; }
    }
  }
  mine.delete(root);
  return [...mine];
}
setInterval(() => {
  if (process.ppid === workerData.parent) return;
  const seen = new Set();
  if (process.platform === 'linux') {
    for (let round = 0; round < 10; round++) {
      const fresh = below(process.pid).filter((p) => !seen.has(p));
      if (!fresh.length) break;
      for (const p of fresh) { seen.add(p); kill(p, 'SIGSTOP'); }
    }
  }
  for (const p of seen) kill(p, 'SIGKILL');
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  kill(-process.pid, 'SIGKILL');
  kill(process.pid, 'SIGKILL');
}, workerData.every);
`;

function startWatchdog(): Worker {
  const w = new Worker(WATCHDOG_SOURCE, { eval: true, workerData: { parent: process.ppid, every: WATCH_EVERY_MS }, resourceLimits: { maxOldGenerationSizeMb: 16 } });
  w.unref();
  w.on('error', () => undefined);
  return w;
}

if (isMainThread) serveHost();
else servePoolWorker();
