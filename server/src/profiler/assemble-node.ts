/** TypeScript/JavaScript's half of the engine's assembly: the verdict over the host's raw runs. */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import ts from 'typescript';
import { assembleCommon } from './assemble';
import { classify, collectFacts, recommend, type SketchModule } from './verdict';
import { checkVerdict, contentionNote, type VerdictLanguage } from './verdict-checks';
import type { ProfileRequest, ProfileResult, RawProfile, Recommendation, RunResult } from './types';

/**
 * The profiled file as the sketch should import it: its real path, and the module
 * system it is written in (an `import`/`export` makes it an ES module, as the compiler
 * decides; .mjs/.mts and .cjs/.cts say so by name).
 */
export function sketchModuleOf(file: string, source?: string): SketchModule {
  const specifier = `./${basename(file).replace(/\.(d\.)?[cm]?[jt]sx?$/i, '')}`;
  const typescript = /\.[cm]?tsx?$/i.test(file);
  if (/\.m[jt]s$/i.test(file)) return { specifier, esm: true, typescript };
  if (/\.c[jt]s$/i.test(file)) return { specifier, esm: false, typescript };
  let text = source;
  try {
    text ??= readFileSync(file, 'utf8');
  } catch {
    return { specifier, esm: typescript, typescript };
  }
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, typescript ? ts.ScriptKind.TS : ts.ScriptKind.JS);
  return { specifier, esm: ts.isExternalModule(sf), typescript };
}

const x2 = (n: number) => `${n.toFixed(2)}×`;

export const NODE_VERDICT: VerdictLanguage = {
  sequentialAdvice: (rec: Recommendation, speedup: number): Recommendation => ({
    model: 'stay sequential',
    mode: 'sequential',
    reason: `This kind of work usually calls for ${rec.model}, but here ${rec.mode} measured ${x2(speedup)}, slower than running the tasks one after another: starting workers and moving each task to one and back cost more than the tasks' own work. Keep the calls sequential, or send each worker many tasks per message, and profile again with realistic inputs.`,
    sketch: rec.sketch.includes(`await ${nameIn(rec)}`)
      ? ['const results = [];', `for (const args of tasks) results.push(await ${nameIn(rec)}(...args));`].join('\n')
      : `const results = tasks.map((args) => ${nameIn(rec)}(...args));`,
  }),
  explanations: () => ({
    mainThreadDelayName: 'main-thread delay p99',
    mainThreadDelay: "How late the profiler's main thread ran a 10 ms timer (Node's event-loop delay, perf_hooks.monitorEventLoopDelay), 99th percentile, less the 10 ms period: the wait every other callback on that thread would see. Tasks that run on the main thread raise it. Shown as ELD p99 before.",
    workerUtilisationName: 'worker ELU',
    workerUtilisation: 'Event-loop utilisation of each worker thread over the run (performance.eventLoopUtilization): the share of its time spent running tasks rather than waiting for one. One figure per worker.',
  }),
  delayMeasures: "How late the profiler's main thread ran a 10 ms timer",
};

/** The function the sketch calls: the name before `(...args)` in it. */
function nameIn(rec: Recommendation): string {
  return /(\w+)\(\.\.\.args\)/.exec(rec.sketch)?.[1] ?? 'task';
}

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
  const result: ProfileResult = {
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
      sketchModuleOf(req.file),
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
  const note = contentionNote(result);
  if (note && !facts.contended) warnings.push(note);
  checkVerdict(result, NODE_VERDICT);
  return result;
}
