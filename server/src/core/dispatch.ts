/**
 * The boundary where rules are run. A rule that throws loses its own findings on
 * that file and nothing else: its failure is kept, with the rule's id, for the
 * engine to log and to show as a note on the file. Cancellation is its own
 * outcome, not a failure: the remaining rules are not run.
 */
import type { LoopwiseSettings, RuleId } from '../protocol';
import type { Cancellation } from './cancellation';
import { ruleLevel, type RuleMeta } from './rule-meta';

export interface RuleFailure {
  rule: RuleId;
  error: unknown;
}

export interface DispatchOutcome {
  failures: RuleFailure[];
  cancelled: boolean;
}

/** Runs `run` for each rule that is not `off`, in order, catching each rule's failure. */
export function dispatchRules<R extends { readonly meta: RuleMeta }>(
  rules: readonly R[],
  settings: LoopwiseSettings,
  token: Cancellation,
  run: (rule: R) => void,
): DispatchOutcome {
  const failures: RuleFailure[] = [];
  for (const rule of rules) {
    if (token.isCancellationRequested) return { failures, cancelled: true };
    if (ruleLevel(rule, settings) === 'off') continue;
    try {
      run(rule);
    } catch (error) {
      failures.push({ rule: rule.meta.id, error });
    }
  }
  return { failures, cancelled: false };
}

/** One line per failure for a log: file, rule and the stack. */
export function describeFailure(file: string, failure: RuleFailure): string {
  const error = failure.error;
  const detail = error instanceof Error ? error.stack ?? `${error.name}: ${error.message}` : String(error);
  return `rule ${failure.rule} failed on ${file}: ${detail}`;
}
