/**
 * A per-file analysis budget. Rules poll their cancellation token as they walk
 * (once per node, roughly), so the token is where the work is counted: past
 * the budget it reads as cancelled, the rules stop, and the file gets a note
 * instead of a stall. The count is the budget that decides (the same on every
 * machine); a wall-clock deadline, checked every few hundred polls, is only
 * the backstop for work that polls rarely.
 */
import type { Cancellation } from './cancellation';

export interface BudgetLimits {
  /** Polls allowed per character of the file, on top of `basePolls`. */
  pollsPerChar: number;
  basePolls: number;
  /** Wall-clock backstop for one file. */
  deadlineMs: number;
}

/**
 * Linear rules poll a few times per character over all rules (measured on the
 * repository's own sources: at most 3 polls per character); 200 leaves room for
 * honest work, and stops what grows with the square of a long file.
 */
export const DEFAULT_BUDGET: BudgetLimits = { pollsPerChar: 200, basePolls: 2_000_000, deadlineMs: 20_000 };

export class AnalysisBudget implements Cancellation {
  private polls = 0;
  private readonly maxPolls: number;
  private readonly deadline: number;
  /** Why the budget ran out, once it has. */
  exhausted: 'work' | 'time' | undefined;

  constructor(private readonly outer: Cancellation, textLength: number, readonly limits: BudgetLimits = DEFAULT_BUDGET) {
    this.maxPolls = limits.basePolls + limits.pollsPerChar * textLength;
    this.deadline = Date.now() + limits.deadlineMs;
  }

  get isCancellationRequested(): boolean {
    if (this.exhausted) return true;
    if (this.outer.isCancellationRequested) return true;
    this.polls++;
    if (this.polls > this.maxPolls) this.exhausted = 'work';
    else if ((this.polls & 1023) === 0 && Date.now() > this.deadline) this.exhausted = 'time';
    return this.exhausted !== undefined;
  }

  /** Polls so far (tests compare work across input sizes with it). */
  get work(): number {
    return this.polls;
  }

  /** The note for a file whose analysis stopped here, naming the rule that was running and those not run. */
  note(running: string, notRun: string[]): string {
    const why = this.exhausted === 'time'
      ? `took over ${Math.round(this.limits.deadlineMs / 1000)} s`
      : 'went over its work budget';
    return `analysis stopped: this file ${why} while \`${running}\` ran, so it is only partly analysed` +
      (notRun.length ? ` (not run: ${notRun.join(', ')})` : '') + '; the findings shown are the ones found before it stopped';
  }
}
