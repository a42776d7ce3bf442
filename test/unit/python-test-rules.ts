/**
 * The Python rules the Python tests run: the Python-only rule files, plus
 * stand-ins for the shared ids until their rule files wire the same `checkPython`.
 */
import type { RuleId, Severity } from '../../server/src/protocol';
import { checkBlockingCallInAsyncPython } from '../../server/src/python/checks/blocking-call-in-async';
import { checkCpuBoundOnEventLoopPython } from '../../server/src/python/checks/cpu-bound-on-event-loop';
import { checkSequentialAwaitPython } from '../../server/src/python/checks/sequential-await';
import { checkUnguardedSharedStatePython } from '../../server/src/python/checks/unguarded-shared-state';
import type { PyRuleContext } from '../../server/src/python/context';
import { rule as cpuBoundInThreads } from '../../server/src/rules/cpu-bound-in-threads';
import { rule as danglingTask } from '../../server/src/rules/dangling-task';
import { rule as lockOrderInversion } from '../../server/src/rules/lock-order-inversion';
import { rule as missingMainGuard } from '../../server/src/rules/missing-main-guard';
import { rule as threadArgsMismatch } from '../../server/src/rules/thread-args-mismatch';
import type { Rule } from '../../server/src/rules/types';
import { rule as unclosedPool } from '../../server/src/rules/unclosed-pool';
import { rule as unpicklableTask } from '../../server/src/rules/unpicklable-task';

function shared(id: string, defaultSeverity: Severity, checkPython: (ctx: PyRuleContext) => void): Rule {
  return { meta: { id: id as RuleId, languages: ['python'], defaultSeverity, description: id }, checkPython };
}

export const pythonRules: readonly Rule[] = [
  shared('blocking-call-in-async', 'warning', checkBlockingCallInAsyncPython),
  shared('cpu-bound-on-event-loop', 'warning', checkCpuBoundOnEventLoopPython),
  cpuBoundInThreads,
  danglingTask,
  lockOrderInversion,
  missingMainGuard,
  shared('sequential-await', 'hint', checkSequentialAwaitPython),
  threadArgsMismatch,
  unclosedPool,
  shared('unguarded-shared-state', 'warning', checkUnguardedSharedStatePython),
  unpicklableTask,
];
