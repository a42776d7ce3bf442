/**
 * What the engine and the language backends know of a rule without importing it:
 * its id, the languages it reads, and its default severity. The rules themselves
 * (`rules/<id>/index.ts`) add a check per language on top.
 */
import type { LoopwiseSettings, RuleId, RuleLevel, Severity } from '../protocol';

export type Language = 'typescript' | 'python';

export interface RuleMeta {
  id: RuleId;
  languages: readonly Language[];
  defaultSeverity: Severity;
  /** One sentence, shown in docs and in `loopwise --list-rules`. */
  description: string;
}

/** The level a rule runs at under these settings: its configured level or its default severity. */
export function ruleLevel(rule: { readonly meta: RuleMeta }, settings: LoopwiseSettings): RuleLevel {
  return settings.rules[rule.meta.id] ?? rule.meta.defaultSeverity;
}
