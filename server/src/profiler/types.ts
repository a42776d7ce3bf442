/**
 * The profiler's data model: what a caller asks for, what the child process reports
 * back, and the result that the CLI prints and the webview draws. Plain JSON shapes, so
 * they cross the IPC channel and the webview's postMessage unchanged.
 */

/** `gil-bound` is Python's: CPU-bound work that threads cannot speed up because of the GIL. */
export type Classification = 'cpu-bound' | 'io-bound' | 'overhead-bound' | 'serialization-bound' | 'gil-bound' | 'mixed';
/**
 * TS/JS: sequential, async-concurrent, worker-pool. Python: sequential, asyncio-gather,
 * thread-pool, process-pool, thread-pool-free-threaded, and the scale-out engines:
 * joblib (Parallel with the loky backend), dask (a LocalCluster of worker processes) and
 * dask-remote (the user's cluster at loopwise.profiler.daskScheduler).
 */
export type RunMode = 'sequential' | 'async-concurrent' | 'worker-pool' | 'asyncio-gather' | 'thread-pool' | 'process-pool' | 'thread-pool-free-threaded' | 'joblib' | 'dask' | 'dask-remote';

/** Modes that run tasks on several workers, swept over 1..N (dask-remote: one run on all the cluster's threads). */
export const POOL_MODES: readonly RunMode[] = ['worker-pool', 'thread-pool', 'process-pool', 'thread-pool-free-threaded', 'joblib', 'dask', 'dask-remote'];

/** Python's scale-out engines: their worker processes are started by the engine, not by a pool of ours. */
export const SCALE_OUT_MODES: readonly RunMode[] = ['joblib', 'dask', 'dask-remote'];

/** How the panel, the text output and the verdict name a scale-out engine. */
export const SCALE_OUT_NAMES: Readonly<Record<string, string>> = Object.freeze({
  joblib: 'joblib (loky)',
  dask: 'Dask LocalCluster',
  'dask-remote': 'Dask cluster',
});

/** What to run: a named top-level function, or a run of statements used as a task body. */
export type ProfileTarget =
  | { kind: 'function'; name: string }
  | { kind: 'snippet'; code: string; startLine: number; isAsync: boolean };

export interface ProfileRequest {
  /** Absolute path of the file that holds the target. */
  file: string;
  target: ProfileTarget;
  /** One argument list per task, e.g. `[[30],[31]]`. A snippet gets `[]` per repeat. */
  tasks: unknown[][];
  /** Top of the worker sweep; the machine's parallelism caps it. */
  maxWorkers?: number;
  /** Wall-clock limit for the whole profile, in seconds. */
  timeoutSeconds?: number;
  /** Heap limit for the host process and for each worker, in MB. */
  memoryLimitMb?: number;
  /** Python only: the interpreter to run; defaults to `python3`. */
  pythonPath?: string;
  /** Python only: a Dask scheduler (`tcp://host:port`) to run the dask run on instead of a LocalCluster. */
  daskScheduler?: string;
  /**
   * Python only: the scale-out engines to run (`joblib`, `dask`, the setting
   * loopwise.profiler.engines); empty skips the engine pass. Default: both.
   */
  engines?: readonly ('joblib' | 'dask')[];
}

export interface TaskRecord {
  index: number;
  /** 0-based worker id in pool runs; 0 (the host's main thread) otherwise. */
  worker: number;
  /** Time the task waited between being submitted and starting, in ms. */
  queuedMs: number;
  /** Start and end relative to the start of the run, in ms. */
  startMs: number;
  endMs: number;
  /** CPU time of the thread that ran the task while it ran (see docs/profiler.md). */
  busyMs: number;
}

export interface WorkerStats {
  worker: number;
  /** Event-loop utilisation of the worker over the run, 0..1. */
  elu: number;
  /** CPU time of the worker's thread over the run, in ms; null where the OS cannot tell. */
  cpuMs: number | null;
  tasks: number;
}

export interface RunResult {
  mode: RunMode;
  workers: number;
  wallMs: number;
  cpuMs: number;
  speedup: number;
  /** Speedup ÷ workers, for pool runs only (absent for sequential and async runs). */
  efficiency?: number;
  /** Time to start the workers and load the module in each; 0 for single-thread runs. */
  startupMs: number;
  eventLoopDelayP99Ms: number;
  /** Time the run's main thread waited for a core because other processes had them (Linux). */
  runQueueMs?: number;
  results: unknown[];
  tasks: TaskRecord[];
  workerStats?: WorkerStats[];
  /** True when every result deep-equals the sequential result of the same task. */
  matchesSequential: boolean;
  mismatchedTasks?: number[];
  /** dask-remote: the cluster it ran on (`workers` above is its threads). */
  cluster?: { scheduler: string; workers: number; threads: number };
}

/**
 * A scale-out engine as the verdict weighs it: its cost per task (dispatch), measured
 * from its widest run, against the mean task's work, and its best measured run.
 */
export interface ScaleOutEngine {
  mode: RunMode;
  name: string;
  version: string;
  /** (wall × workers used − Σ task elapsed) ÷ tasks in the widest run: what each task cost beyond its own work, ms. */
  dispatchPerTaskMs: number;
  /** The sequential run's mean task elapsed, ms. */
  taskMs: number;
  /** Start-up of the widest run (workers or cluster connection, module loaded in each), ms. */
  startupMs: number;
  bestSpeedup: number;
  bestWorkers: number;
  /** Task work ≥ SCALE_OUT_WORK_OVER_DISPATCH × dispatch, and its best run scaled. */
  pays: boolean;
}

export interface CloneCost {
  argsBytes: number;
  resultsBytes: number;
  /** Time to serialise and deserialise all arguments and results once, in ms. */
  cloneMs: number;
}

export interface ProfileResult {
  language: 'typescript' | 'javascript' | 'python';
  function: string;
  file: string;
  tasks: number;
  classification: Classification;
  recommendation: Recommendation;
  best: { mode: RunMode; workers: number; wallMs: number; speedup: number };
  /** Makespan bound: the best speedup these task times allow on this machine (see `limit`). */
  limitSpeedup: number;
  /** Which bound `limitSpeedup` is, named: the cores for computing work, the tasks for waiting work. */
  limit?: SpeedupLimit;
  /** Set when the machine was too busy for the runs to tell; the recommendation then says so. */
  inconclusive?: { reason: string; evidence: string[] };
  /** Plain-words explanations of the columns and charts, for headers and tooltips. */
  explain?: ProfileExplanations;
  runs: RunResult[];
  cores: number;
  clone: CloneCost;
  /** Mean per-task dispatch cost of the pool, in ms, measured from the 1-worker run. */
  dispatchOverheadMs: number;
  isAsync: boolean;
  warnings: string[];
  startedAt: string;
  /** Python only: the interpreter that ran the profile. */
  python?: { version: string; executable: string; gilDisabled: boolean };
  /** Python only: the scale-out engines that ran (joblib, Dask), weighed. */
  scaleOut?: ScaleOutEngine[];
}

/** A run as a language runner measured it, before the engine adds speedup and efficiency. */
export type RawRun = Omit<RunResult, 'speedup' | 'efficiency'> & {
  /** Python's free-threaded pass: the pool's tasks' own wait for a core, added up, in ms. */
  taskRunQueueMs?: number;
};

/** What a language runner (run-node.ts, python/run-python.ts) returns: measurements only, no verdict. */
export interface RawProfile {
  cores: number;
  /** Top of the worker sweep after the machine capped it. */
  maxWorkers: number;
  isAsync: boolean;
  clone: CloneCost;
  runs: RawRun[];
  warnings: string[];
  /** Processes the tasks started that were still running after the runs; they were killed. */
  leftovers?: string[];
  python?: { version: string; executable: string; gilDisabled: boolean };
  /** Python's main pass: the sequential results pickled (base64), for the engine pass; not kept in the result. */
  seqPickle?: string;
}

/** What the Python runner's engine pass returns: the engines' runs only. */
export interface RawEngineRuns {
  runs: RawRun[];
  warnings: string[];
  leftovers?: string[];
  engines: { joblib: string | null; dask: string | null; daskScheduler?: string };
}

export interface Recommendation {
  model: string;
  reason: string;
  sketch: string;
  /** The measured run the advice stands for, when there is one; it never measured slower than sequential. */
  mode?: RunMode;
}

export interface SpeedupLimit {
  speedup: number;
  /** `cores`: the CPU work over the cores; `tasks`: the longest task (all tasks at once). */
  bound: 'cores' | 'tasks';
  text: string;
}

export interface ProfileExplanations {
  /** One name for the main thread's delay in both languages, and what it is. */
  mainThreadDelayName: string;
  mainThreadDelay: string;
  /** The caption of the delay chart, drawn from this profile's numbers. */
  mainThreadDelayCaption: string;
  workerUtilisationName: string;
  workerUtilisation: string;
  efficiency: string;
  limit: string;
}

/** Messages from a runner child process (the Node host, the Python runner) to the engine. */
export type HostMessage =
  | { type: 'progress'; message: string; fraction: number; mode?: RunMode; workers?: number; taskIndex?: number }
  | { type: 'result'; raw: RawProfile }
  /** The engine pass: one finished run, sent as soon as it is done. */
  | { type: 'run'; run: RawRun }
  | { type: 'failure'; error: ProfileFailure };

export interface ProfileProgress {
  message: string;
  fraction: number;
  mode?: RunMode;
  workers?: number;
}

export interface RunProfileOptions {
  signal?: AbortSignal;
  onProgress?: (p: ProfileProgress) => void;
  /** Where dist/profiler-host.js is; defaults to next to this code. */
  hostScript?: string;
  /** Called with what user code printed, for an output channel. */
  onOutput?: (text: string) => void;
}

/** A top-level function that Profile Selection can run. */
export interface FoundFunction {
  kind: 'function';
  name: string;
  isAsync: boolean;
  /** 0-based line of the declaration. */
  line: number;
  /** The JSON after `// loopwise-profile-args:` above the function, if any. */
  argsComment?: string;
}

/** Whole statements selected, run as a task body (TypeScript and JavaScript). */
export interface FoundSnippet {
  kind: 'snippet';
  code: string;
  /** 0-based line where the snippet starts in the file. */
  startLine: number;
  isAsync: boolean;
}

export type FoundTarget = FoundFunction | FoundSnippet | { kind: 'none'; reason: string };

export type FailureKind =
  | 'task-error'
  | 'bundle-error'
  | 'target-not-found'
  | 'bad-input'
  | 'timeout'
  | 'out-of-memory'
  | 'process-exit'
  | 'crashed'
  | 'cancelled'
  | 'unsettled';

export interface ProfileFailure {
  kind: FailureKind;
  message: string;
  /** Stack of the user's exception, mapped back to their source. */
  stack?: string;
  taskIndex?: number;
  mode?: RunMode;
  workers?: number;
}

/** Thrown by `runProfile`; carries the structured failure for the UI and CLI. */
export class ProfileError extends Error {
  constructor(readonly failure: ProfileFailure) {
    super(failure.message);
    this.name = 'ProfileError';
  }
}
