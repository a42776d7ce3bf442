/** The `--format json` shape of the CLI, in the field order the issue fixes. */
import type { ProfileResult } from './types';

export function toCliJson(r: ProfileResult): Record<string, unknown> {
  return {
    language: r.language,
    function: r.function,
    tasks: r.tasks,
    classification: r.classification,
    recommendation: r.recommendation,
    best: r.best,
    limitSpeedup: r.limitSpeedup,
    ...(r.limit ? { limit: r.limit } : {}),
    ...(r.inconclusive ? { inconclusive: r.inconclusive } : {}),
    runs: r.runs.map((run) => ({
      mode: run.mode,
      workers: run.workers,
      wallMs: run.wallMs,
      cpuMs: run.cpuMs,
      speedup: run.speedup,
      ...(run.efficiency !== undefined ? { efficiency: run.efficiency } : {}),
      startupMs: run.startupMs,
      eventLoopDelayP99Ms: run.eventLoopDelayP99Ms,
      ...(run.runQueueMs !== undefined ? { runQueueMs: run.runQueueMs } : {}),
      results: run.results,
      tasks: run.tasks.map((t) => ({ index: t.index, worker: t.worker, queuedMs: t.queuedMs, startMs: t.startMs, endMs: t.endMs, busyMs: t.busyMs })),
      matchesSequential: run.matchesSequential,
      ...(run.workerStats ? { workerStats: run.workerStats } : {}),
      ...(run.cluster ? { cluster: run.cluster } : {}),
    })),
    cores: r.cores,
    clone: r.clone,
    dispatchOverheadMs: r.dispatchOverheadMs,
    warnings: r.warnings,
    ...(r.explain ? { explain: r.explain } : {}),
    // Which interpreter a Python profile ran under (and whether its GIL was off).
    ...(r.python ? { python: r.python } : {}),
    // The scale-out engines weighed: dispatch per task against work per task, and whether each pays.
    ...(r.scaleOut ? { scaleOut: r.scaleOut } : {}),
  };
}
