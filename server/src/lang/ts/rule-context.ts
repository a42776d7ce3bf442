/**
 * What a rule's TypeScript reading receives: the source file, the project index
 * (type checker, call summaries) for questions that cross functions and files,
 * the settings, and `report`. Offsets are character offsets into the source file.
 */
import type { Cancellation } from '../../core/cancellation';
import type { Finding } from '../../core/finding';
import type { RuleMeta } from '../../core/rule-meta';
import type { LoopwiseSettings } from '../../protocol';
import type { ts } from './compiler';
import type { TsProjectIndex } from './project-index';

export interface TsRuleContext {
  /** The meta of the rule being run: its shared limits (chainDepth) apply to this reading too. */
  readonly meta: RuleMeta;
  readonly sourceFile: ts.SourceFile;
  readonly index: TsProjectIndex;
  readonly settings: LoopwiseSettings;
  readonly token: Cancellation;
  /**
   * Whether a suppression comment silences this rule at an offset of the file being
   * checked. A rule that folds several calls into one finding keeps a silenced call out
   * of it (it becomes its own finding, which the comment then suppresses).
   */
  isSuppressed(offset: number): boolean;
  report(finding: Omit<Finding, 'rule'>): void;
}

/** A rule as the TypeScript backend runs it: the composition root hands these in. */
export interface TsRule {
  readonly meta: RuleMeta;
  checkTypeScript(ctx: TsRuleContext): void;
}
