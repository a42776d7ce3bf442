/**
 * What the engine derives the same way for every language from a runner's raw runs:
 * speedups, the best run, the makespan bound, the pool's dispatch cost, and the notes
 * on results that differ and on processes the tasks left behind.
 */
import { WHOLLY_BUSY_SHARE } from './thresholds';
import { POOL_MODES, type RawProfile, type RunMode, type RunResult } from './types';

export interface CommonResult {
  runs: RunResult[];
  seq: RunResult;
  best: RunResult;
  limitSpeedup: number;
  dispatchOverheadMs: number;
  warnings: string[];
}

export const runName = (r: { mode: RunMode; workers: number }) => `${r.mode} run${POOL_MODES.includes(r.mode) ? ` with ${r.workers} worker${r.workers > 1 ? 's' : ''}` : ''}`;

/** `dispatchFrom`: the 1-worker pool runs to take the dispatch cost from, first found wins. */
export function assembleCommon(raw: RawProfile, dispatchFrom: RunMode[]): CommonResult {
  const seqRaw = raw.runs.find((r) => r.mode === 'sequential')!;
  const runs: RunResult[] = raw.runs.map(({ taskRunQueueMs: _ownWait, ...r }) => {
    const speedup = seqRaw.wallMs / r.wallMs;
    // Efficiency is a pool's: what each added worker gave. A single-thread run has none.
    return POOL_MODES.includes(r.mode) ? { ...r, speedup, efficiency: speedup / r.workers } : { ...r, speedup };
  });
  const seq = runs.find((r) => r.mode === 'sequential')!;
  const best = runs.reduce((a, b) => (b.wallMs < a.wallMs ? b : a));
  const elapsed = seq.tasks.map((t) => t.endMs - t.startMs);
  const elapsedSum = elapsed.reduce((a, b) => a + b, 0);
  // A task that computes for nearly all of its time counts whole: the small gap is clock noise.
  const busySum = seq.tasks.reduce((a, t) => {
    const e = t.endMs - t.startMs;
    return a + (t.busyMs >= WHOLLY_BUSY_SHARE * e ? e : t.busyMs);
  }, 0);
  // Waiting overlaps freely; only the CPU part competes for cores. Against the sequential
  // wall time, as every measured speedup is.
  const limitSpeedup = elapsedSum > 0 ? Math.max(1, seq.wallMs / Math.max(Math.max(...elapsed), busySum / raw.cores)) : 1;
  let one: RunResult | undefined;
  for (const mode of dispatchFrom) one ??= runs.find((r) => r.mode === mode && r.workers === 1);
  const dispatchOverheadMs = one ? Math.max(0, (one.wallMs - one.tasks.reduce((a, t) => a + (t.endMs - t.startMs), 0)) / Math.max(1, one.tasks.length)) : 0;

  const warnings = [...raw.warnings];
  for (const r of [...runs].reverse()) {
    if (r.matchesSequential) continue;
    const list = r.mismatchedTasks ?? [];
    warnings.unshift(`The ${runName(r)} returned different results than the sequential run for task${list.length > 1 ? 's' : ''} ${list.join(', ')}. This usually means hidden shared state or non-determinism.`);
  }
  if (raw.leftovers?.length) warnings.push(leftoverNote(raw.leftovers));
  return { runs, seq, best, limitSpeedup, dispatchOverheadMs, warnings };
}

export function leftoverNote(leftovers: string[]): string {
  const n = leftovers.length;
  const list = leftovers.slice(0, 5).join(', ') + (n > 5 ? `, and ${n - 5} more` : '');
  return `The tasks left ${n === 1 ? 'a process' : `${n} processes`} running after the runs ended: ${list}. The profiler killed ${n === 1 ? 'it' : 'them'}; in your program ${n === 1 ? 'it' : 'they'} would keep running (a detached child, or one in its own session, is not stopped with its parent).`;
}
