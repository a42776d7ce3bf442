/**
 * The contract between the engine and a rule. A rule is one file that exports a
 * `Rule`: its metadata and one check per language it supports. Checks report
 * `Finding`s in character offsets of the file they analyse; the engine turns them
 * into LSP diagnostics, CLI output and code actions.
 */
import type { ts } from '../lang/ts/compiler';
import type { LoopwiseSettings, RuleId, Severity } from '../protocol';
import type { TsProjectIndex } from '../lang/ts/project-index';
import type { PyRuleContext } from '../lang/python/rule-context';

export type Language = 'typescript' | 'python';

export interface RuleMeta {
  id: RuleId;
  languages: readonly Language[];
  defaultSeverity: Severity;
  /** One sentence, shown in docs and in `loopwise --list-rules`. */
  description: string;
}

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
  message: string;
  /** Overrides the rule's default severity for this finding (e.g. a lower one for timer callbacks). */
  severity?: Severity;
  related?: RelatedLocation[];
  fixes?: Fix[];
}

export interface Cancellation {
  readonly isCancellationRequested: boolean;
}

export interface TsRuleContext {
  readonly sourceFile: ts.SourceFile;
  readonly index: TsProjectIndex;
  readonly settings: LoopwiseSettings;
  readonly token: Cancellation;
  report(finding: Omit<Finding, 'rule'>): void;
}

export interface Rule {
  meta: RuleMeta;
  checkTypeScript?(ctx: TsRuleContext): void;
  checkPython?(ctx: PyRuleContext): void;
}
