/**
 * The registry of rules, sorted by id. Adding a rule means adding its folder
 * (`rules/<id>/index.ts` and its readings) and one line here.
 */
import type { PyRule } from '../lang/python/rule-context';
import type { TsRule } from '../lang/ts/rule-context';
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

export function findRule(id: string): Rule | undefined {
  return rules.find((r) => r.meta.id === id);
}

/** The rules with a TypeScript reading, for the TypeScript backend. */
export const typescriptRules: readonly (Rule & TsRule)[] = rules.filter((r): r is Rule & TsRule => r.checkTypeScript !== undefined);

/** The rules with a Python reading, for the Python backend. */
export const pythonRules: readonly (Rule & PyRule)[] = rules.filter((r): r is Rule & PyRule => r.checkPython !== undefined);
