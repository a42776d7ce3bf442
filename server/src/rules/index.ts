/**
 * The registry of rules, sorted by id. Adding a rule means adding its file and
 * one line here; `test/unit/registry.test.ts` checks this list, `RULE_IDS`,
 * `package.json` and `docs/rules/` agree.
 */
import type { LoopwiseSettings, RuleLevel } from '../protocol';
import type { Rule } from './types';
import { rule as blockingCallInAsync } from './blocking-call-in-async';
import { rule as cpuBoundInThreads } from './cpu-bound-in-threads';
import { rule as cpuBoundOnEventLoop } from './cpu-bound-on-event-loop';
import { rule as danglingTask } from './dangling-task';
import { rule as lockOrderInversion } from './lock-order-inversion';
import { rule as missingMainGuard } from './missing-main-guard';
import { rule as sequentialAwait } from './sequential-await';
import { rule as threadArgsMismatch } from './thread-args-mismatch';
import { rule as unclosedPool } from './unclosed-pool';
import { rule as unguardedSharedState } from './unguarded-shared-state';
import { rule as unpicklableTask } from './unpicklable-task';
import { rule as unusedSuppression } from './unused-suppression';

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
