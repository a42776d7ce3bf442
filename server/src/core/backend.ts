/**
 * A language backend analyses one kind of file (TypeScript/JavaScript through
 * ts-morph, Python through tree-sitter). The workspace routes each file to the
 * first backend that handles it; backends never talk to the LSP connection.
 */
import type { LoopwiseSettings, RuleId } from '../protocol';
import type { Cancellation } from './cancellation';
import type { RuleFailure } from './dispatch';
import type { Finding } from './finding';
import type { RuleMeta } from './rule-meta';

/**
 * Whether a suppression comment (ours, or an honoured peer's) covers `rule` at an
 * offset of the file being analysed. Rules ask it before they fold several calls
 * into one finding, so that a call the user silenced stays its own, silenced finding.
 */
export type SuppressedAt = (rule: RuleId, offset: number) => boolean;

export interface AnalysisBackend {
  readonly name: string;
  /** The rules this backend runs (before settings turn any off). */
  readonly rules: readonly { readonly meta: RuleMeta }[];
  handles(filePath: string): boolean;
  /**
   * The editor's text for a file, or `undefined` when the editor closed it and the
   * file on disk is the truth again. Backends update their models in place.
   */
  setDocumentText(filePath: string, text: string | undefined): void;
  /**
   * Findings for one file; rules that are `off` in `settings` are not run. `suppressed`
   * (from the engine, which owns the comment syntax) tells rules which lines are silenced.
   */
  analyzeFile(filePath: string, settings: LoopwiseSettings, token: Cancellation, suppressed?: SuppressedAt): Promise<Finding[]>;
  /** The rules that threw in the last analysis of a file (the engine logs them and notes them on the file). */
  ruleFailures?(filePath: string): readonly RuleFailure[];
  /** A note about the last analysis of a file that still produced findings, e.g. syntax errors. */
  fileNote?(filePath: string): string | undefined;
  /** Drops every cached model, e.g. when a tsconfig changes. */
  reset?(): void;
}
