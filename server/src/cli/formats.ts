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
  related: Array<{ file: string; line: number; column: number; message: string }>;
}

export interface JsonReport {
  version: 1;
  diagnostics: JsonDiagnostic[];
  errors: Array<{ file: string; message: string }>;
}

const rel = (cwd: string, file: string) => relative(cwd, file).split(sep).join('/') || file;

export function toJsonReport(results: FileAnalysis[], workspace: AnalysisWorkspace, cwd: string): JsonReport {
  const diagnostics: JsonDiagnostic[] = [];
  const errors: JsonReport['errors'] = [];
  for (const result of results) {
    if (result.error) errors.push({ file: rel(cwd, result.file), message: result.error });
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
        related: (f.related ?? []).map((r) => {
          const pos = workspace.lineMapOf(r.file).positionAt(r.start);
          return { file: rel(cwd, r.file), line: pos.line + 1, column: pos.character + 1, message: r.message };
        }),
      });
    }
  }
  return { version: 1, diagnostics, errors };
}

export function renderText(report: JsonReport): string {
  const lines: string[] = [];
  for (const d of report.diagnostics) {
    lines.push(`${d.file}:${d.line}:${d.column}  ${d.severity.padEnd(7)}  ${d.message}  [${d.rule}]`);
    for (const r of d.related) lines.push(`    ${r.file}:${r.line}:${r.column}  ${r.message}`);
  }
  for (const e of report.errors) lines.push(`${e.file}  note     ${e.message}`);
  const count = (s: string) => report.diagnostics.filter((d) => d.severity === s).length;
  lines.push(`${report.diagnostics.length} problem${report.diagnostics.length === 1 ? '' : 's'} ` +
    `(${count('error')} errors, ${count('warning')} warnings, ${count('info')} info, ${count('hint')} hints)` +
    (report.errors.length ? `, ${report.errors.length} file${report.errors.length === 1 ? '' : 's'} not analysed` : ''));
  return lines.join('\n') + '\n';
}

const SARIF_LEVEL: Record<string, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

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
        executionSuccessful: true,
        toolExecutionNotifications: report.errors.map((e) => ({
          level: 'warning',
          message: { text: e.message },
          locations: [{ physicalLocation: { artifactLocation: { uri: e.file, uriBaseId: '%SRCROOT%' } } }],
        })),
      }],
      results: report.diagnostics.map((d) => ({
        ruleId: d.rule,
        ruleIndex: Math.max(0, (ruleIds as string[]).indexOf(d.rule)),
        level: SARIF_LEVEL[d.severity] ?? 'warning',
        message: { text: d.message },
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
