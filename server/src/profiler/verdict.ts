/**
 * Turns measured runs into a class, a recommendation with a code sketch, and the
 * physical limit. Pure functions over the measurements, so tests can feed them
 * synthetic numbers as well as real runs.
 */
import {
  ASYNC_VS_POOL, CLONE_MIN_BYTES_PER_TASK, CLONE_MIN_MS_PER_TASK, CLONE_SHARE_OF_TASK, COMPUTING_CPU_SHARE, IDLE_CPU_SHARE,
  MAX_RUN_QUEUE_DISCOUNT, OVERHEAD_MIN_CPU_SHARE, OVERHEAD_MIN_TASK_MS, SCALES_SPEEDUP, STARVED_POOL_RATIO, WAITING_CPU_SHARE,
} from './thresholds';
import type { Classification, CloneCost, Recommendation, RunResult } from './types';

/**
 * The makespan bound: with P cores no schedule finishes before the longest task nor
 * before the total work divided by P, so speedup ≤ Σt / max(max t, Σt / P).
 */
export function computeLimitSpeedup(taskMs: number[], cores: number): number {
  const total = taskMs.reduce((a, b) => a + b, 0);
  if (total <= 0 || taskMs.length === 0) return 1;
  const bound = Math.max(Math.max(...taskMs), total / Math.max(1, cores));
  return total / bound;
}

export interface VerdictInput {
  runs: RunResult[];
  clone: CloneCost;
  dispatchOverheadMs: number;
  cores: number;
  maxWorkers: number;
}

export interface VerdictFacts {
  /**
   * CPU time over wall time in the sequential run, where only the main thread works:
   * near 1 for computing, near 0 for waiting. `process.cpuUsage()` is exact here, while
   * per-task busy time counts synchronous blocking too.
   */
  cpuShare: number;
  meanTaskMs: number;
  clonePerTaskMs: number;
  bestPoolSpeedup: number;
  asyncSpeedup: number | null;
  /**
   * Process CPU over (wall × busy workers) in the widest pool run. When it is far below
   * the sequential share, the workers were runnable but got no core: other processes
   * were using the machine, so the measured speedup understates scaling.
   */
  widestPoolCpuShare: number | null;
  contended: boolean;
}

export function collectFacts(input: VerdictInput): VerdictFacts {
  const seq = input.runs.find((r) => r.mode === 'sequential')!;
  const n = Math.max(1, seq.tasks.length);
  const elapsed = seq.tasks.reduce((a, t) => a + (t.endMs - t.startMs), 0);
  const pools = input.runs.filter((r) => r.mode === 'worker-pool');
  const asyncRun = input.runs.find((r) => r.mode === 'async-concurrent');
  // Time spent waiting for a core that another process held is neither computing nor I/O.
  const ownWall = seq.wallMs - Math.min(seq.runQueueMs ?? 0, MAX_RUN_QUEUE_DISCOUNT * seq.wallMs);
  const cpuShare = ownWall > 0 ? Math.min(1, seq.cpuMs / ownWall) : 1;
  const widest = pools.reduce<RunResult | undefined>((a, b) => (!a || b.workers > a.workers ? b : a), undefined);
  // CPU the widest pool run got, over what its busy workers could have used.
  const lanes = widest ? Math.min(widest.workers, n) : 0;
  const widestPoolCpuShare = widest && lanes > 1 && widest.wallMs > 0 ? Math.min(1, widest.cpuMs / (widest.wallMs * lanes)) : null;
  return {
    widestPoolCpuShare,
    contended: cpuShare >= COMPUTING_CPU_SHARE && widestPoolCpuShare !== null && widestPoolCpuShare < STARVED_POOL_RATIO * cpuShare,
    cpuShare,
    meanTaskMs: elapsed / n,
    clonePerTaskMs: input.clone.cloneMs / n,
    bestPoolSpeedup: pools.length ? Math.max(...pools.map((r) => r.speedup)) : 0,
    asyncSpeedup: asyncRun ? asyncRun.speedup : null,
  };
}

export function classify(input: VerdictInput): Classification {
  const f = collectFacts(input);
  const tasks = input.runs[0]?.tasks.length ?? 0;
  const canScale = input.maxWorkers > 1 && tasks > 1;
  // Small payloads clone in microseconds; a slow clone of a few bytes is the machine, not the data.
  const bytesPerTask = (input.clone.argsBytes + input.clone.resultsBytes) / Math.max(1, tasks);
  if (bytesPerTask >= CLONE_MIN_BYTES_PER_TASK && f.clonePerTaskMs > CLONE_MIN_MS_PER_TASK && f.clonePerTaskMs >= CLONE_SHARE_OF_TASK * f.meanTaskMs && f.bestPoolSpeedup < SCALES_SPEEDUP) {
    return 'serialization-bound';
  }
  if (f.bestPoolSpeedup < 1 && f.meanTaskMs < Math.max(OVERHEAD_MIN_TASK_MS, 2 * input.dispatchOverheadMs) && f.cpuShare >= OVERHEAD_MIN_CPU_SHARE) {
    return 'overhead-bound';
  }
  if (f.cpuShare < WAITING_CPU_SHARE) {
    if (f.asyncSpeedup !== null && f.asyncSpeedup >= SCALES_SPEEDUP && f.asyncSpeedup >= ASYNC_VS_POOL * f.bestPoolSpeedup) return 'io-bound';
    if (f.asyncSpeedup === null && f.cpuShare < IDLE_CPU_SHARE) return 'io-bound';
    return 'mixed';
  }
  // A starved pool (see `contended`) is itself a sign of CPU-bound work: waiting tasks are not starved.
  if (f.cpuShare >= COMPUTING_CPU_SHARE && (f.bestPoolSpeedup >= SCALES_SPEEDUP || !canScale || f.contended)) return 'cpu-bound';
  return 'mixed';
}

/** Where the sketch imports the function from, and in which module system. */
export interface SketchModule {
  /** The profiled file as a relative import, e.g. `./pricing`. */
  specifier: string;
  /** ES modules (import/export) rather than CommonJS (require/module.exports). */
  esm: boolean;
  /** TypeScript, so the sketch may use types. */
  typescript: boolean;
}

const DEFAULT_SKETCH_MODULE: SketchModule = { specifier: './your-module', esm: true, typescript: true };

function poolSketch(name: string, call: string, workers: number, m: SketchModule): string {
  const ext = m.typescript ? 'ts' : 'js';
  const worker = `${name}-worker`;
  const argsType = m.typescript ? `: Parameters<typeof ${name}>` : '';
  if (m.esm) {
    return [
      `// ${worker}.${ext}: the pool loads this once per worker (export ${name} from ${m.specifier})`,
      `import { ${name} } from '${m.specifier}';`,
      `export default (args${argsType}) => ${call};`,
      '',
      `// caller`,
      `import Piscina from 'piscina';`,
      `const pool = new Piscina({ filename: new URL('./${worker}.js', import.meta.url).href, maxThreads: ${workers} });`,
      `const results = await Promise.all(tasks.map((args) => pool.run(args)));`,
    ].join('\n');
  }
  return [
    `// ${worker}.${ext}: the pool loads this once per worker (export ${name} from ${m.specifier})`,
    `const { ${name} } = require('${m.specifier}');`,
    `module.exports = (args${argsType}) => ${call};`,
    '',
    `// caller`,
    `const Piscina = require('piscina');`,
    `const path = require('node:path');`,
    `const pool = new Piscina({ filename: path.join(__dirname, '${worker}.js'), maxThreads: ${workers} });`,
    `const results = await Promise.all(tasks.map((args) => pool.run(args)));`,
  ].join('\n');
}

export function recommend(
  cls: Classification,
  name: string,
  isAsync: boolean,
  workers: number,
  scaled = true,
  module: SketchModule = DEFAULT_SKETCH_MODULE,
): Recommendation {
  const call = isAsync ? `await ${name}(...args)` : `${name}(...args)`;
  switch (cls) {
    case 'cpu-bound':
      return {
        model: 'worker pool (piscina)',
        mode: 'worker-pool',
        reason: `Each task keeps a core busy for its whole run${scaled ? ', and it scales with workers' : ''}. Run ${name} in a pool of about ${workers} worker thread${workers > 1 ? 's' : ''}${scaled ? '' : ' (one per core; this run could not show the scaling because other processes held the cores)'}.`,
        sketch: poolSketch(name, call, workers, module),
      };
    case 'io-bound':
      return {
        model: 'Promise.all with a concurrency limit',
        ...(isAsync ? { mode: 'async-concurrent' as const } : {}),
        reason: `${name} spends most of its time waiting, not computing. Start many calls at once on one thread and cap how many are in flight; threads would add cost and nothing else.`,
        sketch: [
          `async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {`,
          `  const out = new Array<R>(items.length);`,
          `  let next = 0;`,
          `  const lane = async () => { while (next < items.length) { const i = next++; out[i] = await fn(items[i]); } };`,
          `  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));`,
          `  return out;`,
          `}`,
          `const results = await mapLimit(tasks, 16, (args) => ${name}(...args));`,
        ].join('\n'),
      };
    case 'overhead-bound':
      return {
        model: 'batching (or stay on one thread)',
        mode: 'sequential',
        reason: `One call of ${name} is shorter than sending it to a worker and back, so the pool loses. Keep it on one thread, or send each worker a chunk of many tasks per message.`,
        sketch: [
          `// worker: run a whole chunk per message`,
          `${module.esm ? 'export default' : 'module.exports ='} (chunk${module.typescript ? `: Parameters<typeof ${name}>[]` : ''}) => chunk.map((args) => ${name}(...args));`,
          '',
          `// caller: one message per chunk of ~1,000 tasks`,
          `const chunks = [];`,
          `for (let i = 0; i < tasks.length; i += 1000) chunks.push(tasks.slice(i, i + 1000));`,
          `const results = (await Promise.all(chunks.map((c) => pool.run(c)))).flat();`,
        ].join('\n'),
      };
    case 'serialization-bound':
      return {
        model: 'transferables or SharedArrayBuffer',
        reason: `Copying the arguments and results between threads costs as much as ${name} itself. Move buffers instead of copying them, or share memory.`,
        sketch: [
          `// move a buffer to the worker instead of cloning it`,
          `const data = new Float64Array(n);`,
          `const result = await pool.run({ buffer: data.buffer }, { transferList: [data.buffer] });`,
          '',
          `// or share it: no copy at all`,
          `const shared = new Float64Array(new SharedArrayBuffer(n * 8));`,
          `await Promise.all(ranges.map((r) => pool.run({ shared, from: r.from, to: r.to })));`,
        ].join('\n'),
      };
    default:
      return {
        model: 'measure per phase',
        reason: `${name} both computes and waits. Split the waiting part (run it with Promise.all) from the computing part (send it to a worker pool), then profile each.`,
        sketch: [
          `const inputs = await Promise.all(tasks.map((args) => fetchInput(...args)));   // waiting: one thread`,
          `const results = await Promise.all(inputs.map((x) => pool.run(x)));            // computing: workers`,
        ].join('\n'),
      };
  }
}
