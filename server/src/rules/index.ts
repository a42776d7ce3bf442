/**
 * The registry of rules, sorted by id. Adding a rule means adding its file and
 * one line here; `test/unit/registry.test.ts` checks this list, `RULE_IDS`,
 * `package.json` and `docs/rules/` agree.
 */
import type { LoopwiseSettings, RuleLevel } from '../protocol';
import type { Rule } from '../core/finding';
import { rule as blockingCallInAsync } from './blocking-call-in-async/typescript';
import { rule as cpuBoundInThreads } from './cpu-bound-in-threads/python';
import { rule as cpuBoundOnEventLoop } from './cpu-bound-on-event-loop/typescript';
import { rule as danglingTask } from './dangling-task/python';
import { rule as lockOrderInversion } from './lock-order-inversion/python';
import { rule as missingMainGuard } from './missing-main-guard/python';
import { rule as sequentialAwait } from './sequential-await/typescript';
import { rule as threadArgsMismatch } from './thread-args-mismatch/python';
import { rule as unclosedPool } from './unclosed-pool/python';
import { rule as unguardedSharedState } from './unguarded-shared-state/typescript';
import { rule as unpicklableTask } from './unpicklable-task/python';
import { rule as unusedSuppression } from './unused-suppression/index';

export const rules: readonly Rule[] = [
  blockingCallInAsync,
  cpuBoundInThreads,
  cpuBoundOnEventLoop,
  danglingTask,
  lockOrderInversion,
  missingMainGuard,
  sequentialAwait,
  threadArgsMismatch,
  unclosedPool,
  unguardedSharedState,
  unpicklableTask,
  unusedSuppression,
];

export const tsRules: readonly Rule[] = rules.filter((r) => r.checkTypeScript);

export function findRule(id: string): Rule | undefined {
  return rules.find((r) => r.meta.id === id);
}

/** The level a rule runs at under these settings: its configured level or its default severity. */
export function ruleLevel(rule: Rule, settings: LoopwiseSettings): RuleLevel {
  return settings.rules[rule.meta.id] ?? rule.meta.defaultSeverity;
}
