/** Text, JSON and SARIF 2.1.0 renderings of a CLI run. */
import { relative, sep } from 'node:path';
import { findRule, rules } from '../rules';
import { ruleDocsUrl } from '../rules/docs';
import type { AnalysisWorkspace, FileAnalysis } from '../engine/workspace';

export interface JsonDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  rule: string;
  severity: string;
  message: string;
  /** Why it matters and how to fix it, when the rule says more than the message. */
  detail?: string;
  related: Array<{ file: string; line: number; column: number; message: string }>;
}

/**
 * A file Loopwise has something to say about: `note` analysed, with a remark
 * (syntax errors); `skipped` not analysed, for the reason given (binary, too
 * large); `failed` not analysed because Loopwise itself failed.
 */
export interface JsonFileError {
  file: string;
  message: string;
  kind: 'note' | 'skipped' | 'failed';
}

export interface JsonReport {
  version: 1;
  /** False when Loopwise failed on a file or on the whole run: the findings are not the whole truth. */
  executionSuccessful: boolean;
  diagnostics: JsonDiagnostic[];
  errors: JsonFileError[];
  /** Why the whole run failed, when it did (an internal error before any file was reported). */
  failure?: string;
}

const rel = (cwd: string, file: string) => relative(cwd, file).split(sep).join('/') || file;

export function toJsonReport(results: FileAnalysis[], workspace: AnalysisWorkspace, cwd: string): JsonReport {
  const diagnostics: JsonDiagnostic[] = [];
  const errors: JsonReport['errors'] = [];
  for (const result of results) {
    if (result.error) errors.push({ file: rel(cwd, result.file), message: result.error, kind: result.outcome ?? 'note' });
    const map = workspace.lineMapOf(result.file);
    for (const f of result.findings) {
      const start = map.positionAt(f.start);
      const end = map.positionAt(f.end);
      diagnostics.push({
        file: rel(cwd, result.file),
        line: start.line + 1,
        column: start.character + 1,
        endLine: end.line + 1,
        endColumn: end.character + 1,
        rule: f.rule,
        severity: f.severity,
        message: f.message,
        ...(f.detail ? { detail: f.detail } : {}),
        related: (f.related ?? []).map((r) => {
          const pos = workspace.lineMapOf(r.file).positionAt(r.start);
          return { file: rel(cwd, r.file), line: pos.line + 1, column: pos.character + 1, message: r.message };
        }),
      });
    }
  }
  return { version: 1, executionSuccessful: !errors.some((e) => e.kind === 'failed'), diagnostics, errors };
}

/** The report of a run that failed as a whole. */
export function failedReport(failure: string): JsonReport {
  return { version: 1, executionSuccessful: false, diagnostics: [], errors: [], failure };
}

/** How many files were not analysed, named with their reasons: the text output's last word on them. */
function notAnalysedSummary(report: JsonReport): string | undefined {
  const missing = report.errors.filter((e) => e.kind !== 'note');
  if (missing.length === 0) return undefined;
  const shown = 10;
  const named = missing.slice(0, shown).map((e) => `${e.file} (${e.message.replace(/^(?:skipped|could not analyse this file): (?:the file )?/, '')})`);
  if (missing.length > shown) named.push(`and ${missing.length - shown} more`);
  return `${missing.length} file${missing.length === 1 ? '' : 's'} not analysed: ${named.join(', ')}`;
}

export function renderText(report: JsonReport): string {
  const lines: string[] = [];
  for (const d of report.diagnostics) {
    lines.push(`${d.file}:${d.line}:${d.column}  ${d.severity.padEnd(7)}  ${d.message}  [${d.rule}]`);
    if (d.detail) lines.push(`    ${d.detail}`);
    for (const r of d.related) lines.push(`    ${r.file}:${r.line}:${r.column}  ${r.message}`);
  }
  for (const e of report.errors) lines.push(`${e.file}  ${e.kind === 'failed' ? 'error  ' : 'note   '}  ${e.message}`);
  const count = (s: string) => report.diagnostics.filter((d) => d.severity === s).length;
  lines.push(`${report.diagnostics.length} problem${report.diagnostics.length === 1 ? '' : 's'} ` +
    `(${count('error')} errors, ${count('warning')} warnings, ${count('info')} info, ${count('hint')} hints)`);
  const notAnalysed = notAnalysedSummary(report);
  if (notAnalysed) lines.push(notAnalysed);
  if (report.failure) lines.push(`loopwise failed: ${report.failure}`);
  else if (!report.executionSuccessful) lines.push('loopwise failed on some files (an internal error, not the files\' fault): the findings above are incomplete');
  return lines.join('\n') + '\n';
}

const SARIF_LEVEL: Record<string, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };
/** A file not analysed for its own reason is a warning; Loopwise failing on one is an error. */
const NOTIFICATION_LEVEL: Record<JsonFileError['kind'], string> = { note: 'note', skipped: 'warning', failed: 'error' };

export function toSarif(report: JsonReport, version: string): object {
  const ruleIds = rules.map((r) => r.meta.id);
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'Loopwise',
          version,
          informationUri: 'https://github.com/loopwise/loopwise',
          rules: rules.map((r) => ({
            id: r.meta.id,
            name: r.meta.id.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase()),
            shortDescription: { text: r.meta.description },
            fullDescription: { text: r.meta.description },
            helpUri: ruleDocsUrl(r.meta.id),
            defaultConfiguration: { level: SARIF_LEVEL[r.meta.defaultSeverity] },
          })),
        },
      },
      invocations: [{
        executionSuccessful: report.executionSuccessful,
        toolExecutionNotifications: [
          ...report.errors.map((e) => ({
            level: NOTIFICATION_LEVEL[e.kind],
            message: { text: e.message },
            locations: [{ physicalLocation: { artifactLocation: { uri: e.file, uriBaseId: '%SRCROOT%' } } }],
          })),
          ...(report.failure ? [{ level: 'error', message: { text: report.failure } }] : []),
        ],
      }],
      results: report.diagnostics.map((d) => ({
        ruleId: d.rule,
        ruleIndex: Math.max(0, (ruleIds as string[]).indexOf(d.rule)),
        level: SARIF_LEVEL[d.severity] ?? 'warning',
        message: { text: d.detail ? `${d.message} ${d.detail}` : d.message },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: d.file, uriBaseId: '%SRCROOT%' },
            region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn },
          },
        }],
        relatedLocations: d.related.map((r, i) => ({
          id: i,
          message: { text: r.message },
          physicalLocation: { artifactLocation: { uri: r.file, uriBaseId: '%SRCROOT%' }, region: { startLine: r.line, startColumn: r.column } },
        })),
      })),
    }],
  };
}

export function describeRule(id: string): string | undefined {
  const rule = findRule(id);
  return rule && `${rule.meta.id} (${rule.meta.defaultSeverity}): ${rule.meta.description}`;
}
