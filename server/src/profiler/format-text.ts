/** The CLI's `--format text` rendering of a profile. */
import { POOL_MODES, type ProfileResult, type RunMode } from './types';

const label = (mode: RunMode, workers: number) => (POOL_MODES.includes(mode) ? `${mode} ×${workers}` : mode);

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

export function formatProfileText(r: ProfileResult): string {
  const lines: string[] = [];
  lines.push(`${r.function} in ${r.file}: ${r.tasks} tasks on ${r.cores} cores`);
  lines.push(`verdict: ${r.classification}; best ${label(r.best.mode, r.best.workers)} at ${r.best.speedup.toFixed(2)}× (limit ${r.limit?.text ?? `${r.limitSpeedup.toFixed(2)}×`})`);
  lines.push(`recommendation: ${r.recommendation.model}. ${r.recommendation.reason}`);
  for (const w of r.warnings) lines.push(`WARNING: ${w}`);
  lines.push('');
  // Wide enough for the longest run name (thread-pool-free-threaded ×N is 28 characters).
  const w = Math.max(18, ...r.runs.map((run) => label(run.mode, run.workers).length + 2));
  const delay = r.explain?.mainThreadDelayName ?? 'main-thread delay p99';
  lines.push(`${pad('run', w)}${pad('wall ms', 10)}${pad('cpu ms', 10)}${pad('speedup', 9)}${pad('effic.', 8)}${pad('start-up', 10)}${pad('delay p99', 11)}results`);
  for (const run of r.runs) {
    const name = label(run.mode, run.workers);
    lines.push(
      pad(name, w) + pad(run.wallMs.toFixed(1), 10) + pad(run.cpuMs.toFixed(1), 10) + pad(`${run.speedup.toFixed(2)}×`, 9) +
        pad(run.efficiency === undefined ? '–' : `${(run.efficiency * 100).toFixed(0)}%`, 8) + pad(run.startupMs.toFixed(1), 10) + pad(run.eventLoopDelayP99Ms.toFixed(1), 11) +
        (run.matchesSequential ? 'match' : `DIFFER (tasks ${run.mismatchedTasks?.join(', ')})`),
    );
  }
  lines.push('');
  lines.push(`delay p99 = ${delay}: ${r.explain?.mainThreadDelay ?? ''}`.trimEnd());
  lines.push(`effic. = ${r.explain?.efficiency ?? 'speedup ÷ workers, pool runs only'}`);
  lines.push(`clone: args ${r.clone.argsBytes} B, results ${r.clone.resultsBytes} B, ${r.clone.cloneMs.toFixed(3)} ms; pool dispatch ${(r.dispatchOverheadMs * 1000).toFixed(0)} µs/task`);
  for (const e of r.scaleOut ?? []) {
    lines.push(`scale-out: ${e.name}${e.version ? ` ${e.version}` : ''}: dispatch ${e.dispatchPerTaskMs.toFixed(2)} ms/task against ${e.taskMs.toFixed(2)} ms of work/task, start-up ${e.startupMs.toFixed(0)} ms, best ${e.bestSpeedup.toFixed(2)}× with ${e.bestWorkers} workers: ${e.pays ? 'pays' : 'does not pay'}`);
  }
  lines.push('');
  if (r.recommendation.sketch) lines.push(r.recommendation.sketch);
  return lines.join('\n') + '\n';
}
