/**
 * Loads the bundled user module in the current thread and returns the target function.
 * Runs in the host child process and in each pool worker, never in the extension host.
 * The module's top-level code runs here, once per thread.
 */
export const TARGET_KEY = 'loopwise.profile.target';

export type TargetFn = (...args: unknown[]) => unknown;

/** Raised instead of exiting when user code calls `process.exit()` inside a task. */
export class TaskExitError extends Error {
  constructor(readonly code: number | undefined) {
    super(`The task called process.exit(${code ?? ''}). Profiled code must return or throw, not exit the process.`);
    this.name = 'TaskExitError';
  }
}

/**
 * Makes `process.exit()` throw, so that a task that calls it fails with a stack that
 * points at the call instead of silently ending the thread or the host.
 */
export function guardProcessExit(): void {
  process.exit = ((code?: number) => {
    throw new TaskExitError(code);
  }) as typeof process.exit;
}

export function loadTarget(bundlePath: string): TargetFn {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(bundlePath);
  const fn = (globalThis as Record<symbol, unknown>)[Symbol.for(TARGET_KEY)];
  if (typeof fn !== 'function') {
    throw new Error(`The profiled target is not a function (it is ${fn === null ? 'null' : typeof fn}).`);
  }
  return fn as TargetFn;
}

export function isThenable(v: unknown): v is PromiseLike<unknown> {
  return v !== null && (typeof v === 'object' || typeof v === 'function') && typeof (v as { then?: unknown }).then === 'function';
}

/** A plain-object copy of an error that survives IPC and postMessage. */
export function describeError(e: unknown): { message: string; stack?: string; name?: string; code?: number } {
  if (e instanceof Error) {
    return { name: e.name, message: e.message, stack: e.stack, code: e instanceof TaskExitError ? e.code : undefined };
  }
  return { message: `A non-Error value was thrown: ${String(e)}` };
}
