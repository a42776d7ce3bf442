/**
 * The child process that runs user code (dist/profiler-host.js). The engine forks it
 * with a heap limit and sends one job over IPC; it bundles the file, runs the
 * sequential, async-concurrent and worker-pool runs, measures them and sends back the
 * result. The same script is the pool's worker entry, so the bundle ships one file.
 */
import { isMainThread } from 'node:worker_threads';
import { servePoolWorker } from './pool';
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
  const send = (m: HostMessage | { type: 'state'; state: HostState }) => {
    if (process.connected) process.send!(m);
  };
  process.on('message', (m: StartMessage | { type: 'state?' }) => {
    if (m.type === 'state?') {
      send({ type: 'state', state });
      return;
    }
    if (m.type !== 'start') return;
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
  process.on('disconnect', () => exit(0));
}

if (isMainThread) serveHost();
else servePoolWorker();
