/**
 * Exports a profile in the Trace Event Format (the JSON that Perfetto and
 * chrome://tracing open): one process per run, one thread per worker, one complete
 * event ("X") per task, with its queue wait and busy time as arguments.
 */
import { POOL_MODES, type ProfileResult, type RunMode } from './types';

interface TraceEvent {
  name: string;
  ph: 'X' | 'M';
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  cat?: string;
  args?: Record<string, unknown>;
}

function runLabel(mode: RunMode, workers: number): string {
  return POOL_MODES.includes(mode) ? `${mode} ×${workers}` : mode;
}

export function toChromeTrace(result: ProfileResult): { traceEvents: TraceEvent[]; displayTimeUnit: 'ms'; metadata: Record<string, unknown> } {
  const events: TraceEvent[] = [];
  // Runs are laid end to end on one time axis, each starting after the previous one.
  let offsetUs = 0;
  result.runs.forEach((run, r) => {
    const pid = r + 1;
    const label = runLabel(run.mode, run.workers);
    events.push({ name: 'process_name', ph: 'M', pid, tid: 0, args: { name: `${label} (${run.wallMs.toFixed(1)} ms)` } });
    events.push({ name: 'process_sort_index', ph: 'M', pid, tid: 0, args: { sort_index: r } });
    const threads = new Set(run.tasks.map((t) => t.worker));
    for (const w of threads) {
      events.push({ name: 'thread_name', ph: 'M', pid, tid: w + 1, args: { name: POOL_MODES.includes(run.mode) ? `worker ${w}` : 'main thread' } });
    }
    if (run.startupMs > 0) {
      const what = run.mode === 'dask' || run.mode === 'dask-remote' ? 'cluster start-up' : run.mode === 'joblib' ? 'joblib start-up' : 'pool start-up';
      events.push({ name: what, cat: 'startup', ph: 'X', pid, tid: 0, ts: offsetUs, dur: run.startupMs * 1000 });
    }
    const base = offsetUs + run.startupMs * 1000;
    for (const t of run.tasks) {
      events.push({
        name: `${result.function} #${t.index}`,
        cat: 'task',
        ph: 'X',
        pid,
        // Async-concurrent tasks overlap on one thread; give each its own row so they nest cleanly.
        tid: run.mode === 'async-concurrent' || run.mode === 'asyncio-gather' ? t.index + 1 : t.worker + 1,
        ts: base + t.startMs * 1000,
        dur: Math.max(0, (t.endMs - t.startMs) * 1000),
        args: { index: t.index, worker: t.worker, queuedMs: t.queuedMs, busyMs: t.busyMs },
      });
    }
    offsetUs = base + run.wallMs * 1000 + 10_000;
  });
  return {
    traceEvents: events,
    displayTimeUnit: 'ms',
    metadata: { source: 'loopwise', function: result.function, classification: result.classification, cores: result.cores },
  };
}
