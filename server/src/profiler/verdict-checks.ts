/**
 * The checks every verdict passes, in both languages, after its classification: the
 * limit it is compared with names its bound; a recommendation never stands for a mode
 * that measured slower than sequential; a machine too busy to tell (run-queue wait, CPU
 * share, an efficiency over 100%) makes the verdict inconclusive, with the evidence; and
 * the words for the table and the delay chart are drawn from the same numbers.
 */
import { runName } from './assemble';
import {
  BUSY_RUN_QUEUE_SHARE, COMPUTING_CPU_SHARE, MAX_CREDIBLE_EFFICIENCY, MAX_RUN_QUEUE_DISCOUNT, SCALES_SPEEDUP, STARVED_POOL_RATIO, WHOLLY_BUSY_SHARE,
} from './thresholds';
import type { Classification, ProfileExplanations, ProfileResult, Recommendation, RunMode, RunResult, SpeedupLimit } from './types';

export const INCONCLUSIVE_MODEL = 'inconclusive: the machine was busy';

/** Modes whose workers each get a core of their own on this machine: their CPU share shows starvation. */
const PARALLEL_POOLS: readonly RunMode[] = ['worker-pool', 'process-pool', 'joblib', 'dask'];

const COMPUTING: readonly Classification[] = ['cpu-bound', 'gil-bound', 'overhead-bound', 'serialization-bound'];

const pct = (x: number) => `${Math.round(100 * x)}%`;
const x2 = (x: number) => `${x.toFixed(2)}×`;
const ms = (x: number) => `${x >= 100 ? x.toFixed(0) : x.toFixed(1)} ms`;

/**
 * The makespan bound, named. Computing work is bounded by the cores (its whole elapsed
 * time counts: a task that waits for a core another process holds still computes);
 * waiting work overlaps freely, so only its CPU part meets the cores and the longest
 * task (with every task in flight at once: the number of tasks) bounds it.
 */
export function speedupLimit(seq: RunResult, cores: number, cls: Classification, runs: RunResult[] = [seq]): SpeedupLimit {
  const computing = COMPUTING.includes(cls);
  const longestOf = (r: RunResult) => Math.max(0, ...r.tasks.map((t) => t.endMs - t.startMs));
  // A wait is as long as the thing waited on, which varies from run to run (a timer fires
  // late on a busy machine): the shortest longest task of any run is what all of them in
  // flight at once could reach. Computing tasks take their sequential time.
  const longest = computing ? longestOf(seq) : Math.min(...runs.filter((r) => r.tasks.length === seq.tasks.length).map(longestOf));
  const cpuWork = seq.tasks.reduce((a, t) => {
    const e = t.endMs - t.startMs;
    return a + (computing || t.busyMs >= WHOLLY_BUSY_SHARE * e ? e : t.busyMs);
  }, 0);
  const perCore = cpuWork / Math.max(1, cores);
  const span = Math.max(longest, perCore);
  const n = seq.tasks.length;
  const cpuBound = perCore >= longest;
  // The sequential wall time (every speedup's numerator) holds a little time between
  // tasks too; the bound never claims more than the cores, or the tasks, can give.
  const raw = span > 0 ? Math.max(1, seq.wallMs / span) : 1;
  const speedup = cpuBound ? Math.min(cores, n, raw) : raw;
  if (cpuBound) {
    return { speedup, bound: 'cores', text: `${x2(speedup)} on ${cores} core${cores > 1 ? 's' : ''}: the tasks' CPU work (${ms(cpuWork)}) spread over the cores` };
  }
  return {
    speedup,
    bound: 'tasks',
    text: computing
      ? `${x2(speedup)}: no schedule ends before the longest of the ${n} tasks (${ms(longest)}), whatever the cores`
      : `${x2(speedup)}: waiting overlaps, so with all ${n} tasks in flight no run ends before the longest (${ms(longest)}); the number of tasks (${n}) bounds it, or a concurrency cap of k tasks in flight (about k×), not the ${cores} cores`,
  };
}

/** What says the machine was too busy for these runs to show what the code does. */
export function busyEvidence(r: ProfileResult): string[] {
  const out: string[] = [];
  const seq = r.runs.find((x) => x.mode === 'sequential')!;
  if (seq.runQueueMs !== undefined && seq.wallMs > 0 && seq.runQueueMs / seq.wallMs > BUSY_RUN_QUEUE_SHARE) {
    out.push(`run-queue wait: the sequential run waited ${ms(seq.runQueueMs)} of its ${ms(seq.wallMs)} (${pct(seq.runQueueMs / seq.wallMs)}) for a core other processes held`);
  }
  if (COMPUTING.includes(r.classification) || r.classification === 'mixed') {
    const ownWall = seq.wallMs - Math.min(seq.runQueueMs ?? 0, MAX_RUN_QUEUE_DISCOUNT * seq.wallMs);
    const seqShare = ownWall > 0 ? Math.min(1, seq.cpuMs / ownWall) : 1;
    const pools = r.runs.filter((x) => PARALLEL_POOLS.includes(x.mode));
    const widest = pools.reduce<RunResult | undefined>((a, b) => (!a || b.workers > a.workers ? b : a), undefined);
    const lanes = widest ? Math.min(widest.workers, widest.tasks.length) : 0;
    if (widest && lanes > 1 && widest.wallMs > 0 && seqShare >= COMPUTING_CPU_SHARE) {
      const share = Math.min(1, widest.cpuMs / (widest.wallMs * lanes));
      if (share < STARVED_POOL_RATIO * seqShare) out.push(`CPU share: the ${runName(widest)} got ${pct(share)} of its workers' time on a core, against ${pct(seqShare)} for the sequential run (its own wait for a core left out)`);
    }
  }
  for (const x of r.runs) {
    // A remote cluster's cores may be faster than this machine's: over 100% there is no sign of load here.
    if (x.efficiency !== undefined && x.efficiency > MAX_CREDIBLE_EFFICIENCY && x.mode !== 'dask-remote') {
      out.push(`efficiency over 100%: the ${runName(x)} measured ${pct(x.efficiency)}, more than ${x.workers} worker${x.workers > 1 ? 's' : ''} can give, so the sequential run it is compared with was slowed`);
    }
  }
  return out;
}

/** The best speedup measured in `mode`, or undefined when it did not run. */
function measured(r: ProfileResult, mode: RunMode): number | undefined {
  const runs = r.runs.filter((x) => x.mode === mode);
  return runs.length ? Math.max(...runs.map((x) => x.speedup)) : undefined;
}

export interface VerdictLanguage {
  /** The advice when the recommended mode measured slower than sequential on a quiet machine. */
  sequentialAdvice: (rec: Recommendation, speedup: number) => Recommendation;
  explanations: (r: ProfileResult) => Omit<ProfileExplanations, 'mainThreadDelayCaption' | 'limit' | 'efficiency'>;
  /** What the delay chart measures, for its caption. */
  delayMeasures: string;
}

/** Applies the checks to an assembled result, in place. Safe to call again after runs are added. */
export function checkVerdict(r: ProfileResult, lang: VerdictLanguage): void {
  const seq = r.runs.find((x) => x.mode === 'sequential')!;
  const limit = speedupLimit(seq, r.cores, r.classification, r.runs);
  r.limit = limit;
  r.limitSpeedup = limit.speedup;
  // Called again after runs are added: a verdict already inconclusive stays so, with its evidence.
  const was = r.inconclusive;
  delete r.inconclusive;
  const evidence = busyEvidence(r);
  const rec = r.recommendation;
  const got = rec.mode ? measured(r, rec.mode) : undefined;
  const overEfficient = evidence.some((e) => e.startsWith('efficiency over 100%'));
  if (rec.model === INCONCLUSIVE_MODEL) {
    r.inconclusive = was ?? { reason: rec.reason, evidence };
  } else if (evidence.length && (overEfficient || got === undefined || got < SCALES_SPEEDUP)) {
    const reason = `The machine was too busy for these runs to tell how ${r.function} scales: ${evidence.join('; ')}. Run the profile again when the machine is quieter (Run again in the panel, or the same loopwise profile command); what was measured is in the table.`;
    r.inconclusive = { reason, evidence };
    r.recommendation = { model: INCONCLUSIVE_MODEL, reason, sketch: '' };
  } else if (rec.mode && got !== undefined && got < 1) {
    r.recommendation = lang.sequentialAdvice(rec, got);
  }
  r.explain = { ...lang.explanations(r), mainThreadDelayCaption: delayCaption(r, lang.delayMeasures), limit: limitExplanation(), efficiency: 'speedup ÷ workers, for pool runs only: how much of each added worker turned into speed. Over 100% cannot be the pool: the sequential run it is compared with was slowed.' };
}

function limitExplanation(): string {
  return 'The best speedup any schedule could reach with these task times: computing work is bounded by the CPU work over the cores, waiting work by its longest task (so by the number of tasks, or a concurrency cap).';
}

/** The delay chart's caption, from the numbers it shows: it never says a pool does not block when one did. */
function delayCaption(r: ProfileResult, what: string): string {
  const worst = r.runs.reduce((a, b) => (b.eventLoopDelayP99Ms > a.eventLoopDelayP99Ms ? b : a));
  const seq = r.runs.find((x) => x.mode === 'sequential')!;
  const head = `${what}, p99, per run.`;
  if (worst.eventLoopDelayP99Ms < 1) return `${head} No run delayed it by a millisecond or more.`;
  if (worst.mode === 'sequential' || worst.mode === 'async-concurrent' || worst.mode === 'asyncio-gather') {
    return `${head} The ${runName(worst)} delayed it most (${ms(worst.eventLoopDelayP99Ms)}): its tasks run on that thread. Pool runs move the tasks' work off it.`;
  }
  return `${head} Here the ${runName(worst)} delayed it most (${ms(worst.eventLoopDelayP99Ms)}, sequential ${ms(seq.eventLoopDelayP99Ms)}): in a pool run this thread only hands out tasks and takes results, so its delay is that traffic, and the workers${r.language === 'python' && worst.mode === 'thread-pool' ? ' holding the GIL' : ' and other processes competing for the cores'}, not the tasks' own work.`;
}

/**
 * A note when computing tasks were on a CPU for only part of their time in the
 * sequential run: the rest they waited, for a core or for I/O.
 */
export function contentionNote(r: ProfileResult): string | undefined {
  if (!COMPUTING.includes(r.classification)) return undefined;
  const seq = r.runs.find((x) => x.mode === 'sequential')!;
  const elapsed = seq.tasks.reduce((a, t) => a + t.endMs - t.startMs, 0);
  const busy = seq.tasks.reduce((a, t) => a + t.busyMs, 0);
  if (elapsed <= 0 || busy >= WHOLLY_BUSY_SHARE * elapsed) return undefined;
  const waited = seq.runQueueMs !== undefined ? ` Its thread waited ${ms(seq.runQueueMs)} (${pct(seq.runQueueMs / Math.max(1e-9, seq.wallMs))} of the run) for a core that other processes held.` : '';
  return `CPU contention: the tasks compute, yet in the sequential run they were on a CPU only ${pct(busy / elapsed)} of their time.${waited} Other processes competing for the cores slow every run, and speedups measured now understate what an idle machine gives.`;
}
