/**
 * unused-suppression
 *
 * A `loopwise-disable…` comment that suppresses nothing: the finding it was
 * written for is gone, the rule name is misspelt, or a file-level directive sits
 * below code where it has no effect. The engine reports it while applying
 * suppressions (`engine/suppressions.ts`); this entry gives it an id, a default
 * severity and a setting, like every other rule.
 */
import type { Rule } from '../types';

export const rule: Rule = {
  meta: {
    id: 'unused-suppression',
    languages: ['typescript', 'python'],
    defaultSeverity: 'hint',
    description: 'A loopwise-disable comment that suppresses nothing.',
  },
};
