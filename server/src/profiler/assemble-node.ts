/** TypeScript/JavaScript's half of the engine's assembly: the verdict over the host's raw runs. */
import { assembleCommon } from './assemble';
import { classify, collectFacts, recommend } from './verdict';
import type { ProfileRequest, ProfileResult, RawProfile, RunResult } from './types';

export function assembleNode(req: ProfileRequest, raw: RawProfile): ProfileResult {
  const c = assembleCommon(raw, ['worker-pool']);
  const verdictInput = { runs: c.runs, clone: raw.clone, dispatchOverheadMs: c.dispatchOverheadMs, cores: raw.cores, maxWorkers: raw.maxWorkers };
  const classification = classify(verdictInput);
  const facts = collectFacts(verdictInput);
  const warnings = c.warnings;
  if (facts.contended) {
    warnings.push(
      `Other processes competed for the CPU: the widest pool run got only ${Math.round(100 * facts.widestPoolCpuShare!)}% of its workers' time on a core (sequential: ${Math.round(100 * facts.cpuShare)}%). The measured speedup is lower than this machine allows when idle.`,
    );
  }
  const bestPool = c.runs.filter((r) => r.mode === 'worker-pool').reduce<RunResult | undefined>((a, b) => (!a || b.wallMs < a.wallMs ? b : a), undefined);
  const name = req.target.kind === 'function' ? req.target.name : `selection (line ${req.target.startLine + 1})`;
  return {
    language: /\.(ts|tsx|mts|cts)$/i.test(req.file) ? 'typescript' : 'javascript',
    function: name,
    file: req.file,
    tasks: req.tasks.length,
    classification,
    recommendation: recommend(
      classification,
      req.target.kind === 'function' ? req.target.name : 'task',
      raw.isAsync,
      classification === 'cpu-bound' && facts.contended ? raw.maxWorkers : (bestPool?.workers ?? raw.maxWorkers),
      !facts.contended,
    ),
    best: { mode: c.best.mode, workers: c.best.workers, wallMs: c.best.wallMs, speedup: c.best.speedup },
    limitSpeedup: c.limitSpeedup,
    runs: c.runs,
    cores: raw.cores,
    clone: raw.clone,
    dispatchOverheadMs: c.dispatchOverheadMs,
    isAsync: raw.isAsync,
    warnings,
    startedAt: new Date().toISOString(),
  };
}
