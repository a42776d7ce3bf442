/**
 * What every analysis speaks: findings, their fixes and related locations, all in
 * character offsets of the file analysed. The engine turns them into LSP
 * diagnostics, CLI output and code actions.
 */
import type { RuleId, Severity } from '../protocol';

/** A text edit in character offsets of the analysed file. */
export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  title: string;
  edits: OffsetEdit[];
  /** Safe fixes are applied by `source.fixAll.loopwise`. */
  safe: boolean;
  preferred?: boolean;
}

export interface RelatedLocation {
  /** Absolute file path. */
  file: string;
  start: number;
  end: number;
  message: string;
}

export interface Finding {
  rule: RuleId;
  start: number;
  end: number;
  /**
   * One short plain-text line for the Problems panel: what is wrong and where. No Markdown
   * marks (diagnostics are plain text); name code with quotes.
   */
  message: string;
  /**
   * Why it matters and how to fix it, in plain text. Editors show it as related information
   * at the finding's own location, the CLI prints it under the message.
   */
  detail?: string;
  /** Overrides the rule's default severity for this finding (e.g. a lower one for timer callbacks). */
  severity?: Severity;
  related?: RelatedLocation[];
  fixes?: Fix[];
}
