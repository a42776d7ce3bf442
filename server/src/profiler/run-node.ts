/**
 * The TypeScript/JavaScript runner: the host child process (profiler-host.ts) under
 * supervise-child, with a heap limit, one job over IPC, and its raw runs back. On a
 * timeout it asks the host where it was; a host stuck in a synchronous loop cannot answer.
 */
import { join } from 'node:path';
import { superviseChild } from './supervise-child';
import type { HostState } from './run-job';
import type { HostMessage, ProfileFailure, ProfileProgress, ProfileRequest, RawProfile, RunProfileOptions } from './types';

/** How long a host gets to say where it is after the timeout, before it counts as stuck. */
const STATE_ANSWER_MS = 300;

function describeState(s: HostState | null, last: ProfileProgress | null): string {
  if (!s) {
    const where = last?.mode ? ` during the ${last.mode === 'worker-pool' ? `worker-pool run with ${last.workers} workers` : `${last.mode} run`}` : '';
    return `The host's main thread stopped answering${where}; a task probably never returns (an infinite loop or a blocking wait).`;
  }
  if (s.phase !== 'running') return `It was still ${s.phase}.`;
  const run = s.mode === 'worker-pool' ? `the worker-pool run with ${s.workers} workers` : `the ${s.mode} run`;
  const list = s.inFlight.slice(0, 10).join(', ') + (s.inFlight.length > 10 ? ', …' : '');
  return s.inFlight.length
    ? `In ${run}, task${s.inFlight.length > 1 ? 's' : ''} ${list} had not settled; a promise that never resolves, or a task that never ends, does this.`
    : `It was in ${run}.`;
}

export function runNode(req: ProfileRequest, timeoutSeconds: number, memoryLimitMb: number, opts: RunProfileOptions): Promise<RawProfile> {
  let last: ProfileProgress | null = null;
  return superviseChild<RawProfile>({
    command: process.execPath,
    args: ['--enable-source-maps', `--max-old-space-size=${Math.max(16, Math.floor(memoryLimitMb))}`, opts.hostScript ?? join(__dirname, 'profiler-host.js')],
    ipc: { serialization: 'advanced' },
    workDir: true,
    subreaper: true,
    timeoutMs: timeoutSeconds * 1000,
    signal: opts.signal,
    onOutput: opts.onOutput,
    cancelled: { kind: 'cancelled', message: 'The profile was cancelled; its process and workers were stopped.' },
    onSpawn: ({ child, workDir }) => child.send({ type: 'start', request: { ...req, memoryLimitMb }, workDir }),
    onMessage: (raw, done) => {
      const m = raw as HostMessage | { type: 'state' };
      if (m.type === 'progress') {
        last = { message: m.message, fraction: m.fraction, mode: m.mode, workers: m.workers };
        opts.onProgress?.(last);
      } else if (m.type === 'result') done.resolve(m.raw);
      else if (m.type === 'failure') done.fail(m.error);
    },
    onTimeout: ({ child }) =>
      new Promise<ProfileFailure>((resolve) => {
        const head = `The profile timed out after ${timeoutSeconds} s.`;
        const onState = (m: { type?: string; state?: HostState }) => {
          if (m?.type !== 'state') return;
          clearTimeout(t);
          resolve({ kind: 'timeout', message: `${head} ${describeState(m.state!, last)}`, mode: m.state!.mode, workers: m.state!.workers, taskIndex: m.state!.inFlight[0] });
        };
        const t = setTimeout(() => {
          child.off('message', onState);
          resolve({ kind: 'timeout', message: `${head} ${describeState(null, last)}`, mode: last?.mode, workers: last?.workers });
        }, STATE_ANSWER_MS);
        child.on('message', onState);
        try {
          child.send({ type: 'state?' });
        } catch {
          // The channel may be closed already; the timer answers.
        }
      }),
    onSpawnError: (e) => ({ kind: 'crashed', message: `Could not start the profiler host: ${e.message}` }),
    onExit: (code, signal, stderr) => {
      if (/heap out of memory|Allocation failed/i.test(stderr)) {
        return { kind: 'out-of-memory', message: `The profiled code ran out of memory (limit ${memoryLimitMb} MB)${last?.mode ? ` in the ${last.mode} run` : ''}. Raise loopwise.profiler.memoryLimitMb if the tasks really need more.`, mode: last?.mode, workers: last?.workers };
      }
      const tail = stderr.trim().split('\n').slice(-12).join('\n');
      return {
        kind: 'crashed',
        message: `The profiler host exited (${signal ?? `code ${code}`})${last?.mode ? ` during the ${last.mode} run` : ''} before reporting a result.${tail ? `\n${tail}` : ''}`,
        mode: last?.mode,
        workers: last?.workers,
      };
    },
  });
}
