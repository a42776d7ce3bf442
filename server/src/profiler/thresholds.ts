/**
 * Every number the verdicts compare a measurement with, in one place, for both
 * languages. Each is a share (0..1), a ratio of speedups, or a time, as named.
 */

/** A run at least this much faster than sequential scaled; below it, the gain is noise or nothing. */
export const SCALES_SPEEDUP = 1.2;
/** Sequential CPU time over wall time at or above this: the tasks compute. */
export const COMPUTING_CPU_SHARE = 0.7;
/** Below this CPU share the tasks mostly wait. */
export const WAITING_CPU_SHARE = 0.5;
/** With no async run to compare against, a CPU share below this is I/O-bound all the same. */
export const IDLE_CPU_SHARE = 0.2;
/** The async run counts as the winner when it reaches this share of the best pool's speedup. */
export const ASYNC_VS_POOL = 0.9;

/** Overhead-bound needs this much CPU share: an idle task waits, it does not pay for dispatch. */
export const OVERHEAD_MIN_CPU_SHARE = 0.3;
/** A task shorter than this (ms), or than twice the dispatch cost, is too short for a pool. */
export const OVERHEAD_MIN_TASK_MS = 0.05;

/** Serialization-bound needs payloads of at least this many bytes per task … */
export const CLONE_MIN_BYTES_PER_TASK = 1024;
/** … a copy of at least this many ms per task … */
export const CLONE_MIN_MS_PER_TASK = 0.05;
/** … that costs at least this share of the task itself. */
export const CLONE_SHARE_OF_TASK = 0.5;

/** A task busy for at least this share of its elapsed time counts as busy throughout (clock noise). */
export const WHOLLY_BUSY_SHARE = 0.9;
/** At most this share of a run's wall time is discounted as waiting for a core. */
export const MAX_RUN_QUEUE_DISCOUNT = 0.9;
/**
 * A pool whose CPU share is below this fraction of the sequential run's was starved of
 * cores by other processes (its workers were runnable, not waiting).
 */
export const STARVED_POOL_RATIO = 0.75;
/** A run whose thread waited more than this share of its wall time for a core ran on a busy machine. */
export const BUSY_RUN_QUEUE_SHARE = 0.1;
/**
 * Efficiency (speedup ÷ workers) above this is impossible for a pool on an idle
 * machine; above it the sequential baseline was slowed, so the comparison is void.
 */
export const MAX_CREDIBLE_EFFICIENCY = 1.05;
/** Processes "did better" than the free-threaded thread pool only when at least this much faster. */
export const CLEARLY_FASTER = 1.1;
/**
 * A scale-out engine (joblib, Dask) pays when a task's work is at least this many times
 * what the engine costs per task (its dispatch per task, measured from its widest run)
 * and its best run scaled (SCALES_SPEEDUP).
 */
export const SCALE_OUT_WORK_OVER_DISPATCH = 10;
