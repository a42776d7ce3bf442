/**
 * What a rule's Python check receives: the module to check, the resolver and the
 * call graph for questions that cross functions and files, the settings, and
 * `report`. Offsets are character offsets into `module.text`.
 */
import type { LoopwiseSettings } from '../../protocol';
import type { Cancellation } from '../../core/cancellation';
import type { Finding } from '../../core/finding';
import type { RuleMeta } from '../../core/rule-meta';
import type { PyCallGraph } from './call-graph';
import type { PyModule } from './model';
import type { PyResolver } from './resolve';
import type { PyWorkspace } from './workspace';

export interface PyRuleContext {
  /** The meta of the rule being run: its shared limits (chainDepth) apply to this reading too. */
  readonly meta: RuleMeta;
  readonly module: PyModule;
  readonly resolver: PyResolver;
  readonly graph: PyCallGraph;
  readonly workspace: PyWorkspace;
  /** Workspace-wide facts that need more than the files reached by imports (lock order). */
  readonly scan: PyWorkspaceScan;
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

/** Lists the workspace's Python files whose text contains all the given words. */
export interface PyWorkspaceScan {
  filesMentioning(words: string[], near: string): string[];
}

/** A rule as the Python backend runs it: the composition root hands these in. */
export interface PyRule {
  readonly meta: RuleMeta;
  checkPython(ctx: PyRuleContext): void;
}
