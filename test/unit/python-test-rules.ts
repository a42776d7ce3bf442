/**
 * The Python rules the Python tests run: the Python-only rule files, plus
 * stand-ins for the shared ids until their rule files wire the same `checkPython`.
 */
import type { RuleId, Severity } from '../../server/src/protocol';
import { checkBlockingCallInAsyncPython } from '../../server/src/rules/blocking-call-in-async/python';
import { checkCpuBoundOnEventLoopPython } from '../../server/src/rules/cpu-bound-on-event-loop/python';
import { checkSequentialAwaitPython } from '../../server/src/rules/sequential-await/python';
import { checkUnguardedSharedStatePython } from '../../server/src/rules/unguarded-shared-state/python';
import type { PyRuleContext } from '../../server/src/lang/python/rule-context';
import { rule as cpuBoundInThreads } from '../../server/src/rules/cpu-bound-in-threads/python';
import { rule as danglingTask } from '../../server/src/rules/dangling-task/python';
import { rule as lockOrderInversion } from '../../server/src/rules/lock-order-inversion/python';
import { rule as missingMainGuard } from '../../server/src/rules/missing-main-guard/python';
import { rule as threadArgsMismatch } from '../../server/src/rules/thread-args-mismatch/python';
import type { Rule } from '../../server/src/core/finding';
import { rule as unclosedPool } from '../../server/src/rules/unclosed-pool/python';
import { rule as unpicklableTask } from '../../server/src/rules/unpicklable-task/python';

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
