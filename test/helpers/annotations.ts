/**
 * Inline expectations in fixtures, rust-analyzer style. Under the line with the
 * problem, a comment whose carets cover the expected range, then the rule id and,
 * optionally, the severity in parentheses:
 *
 *     const x = readFileSync(p);
 *     //        ^^^^^^^^^^^^^^^ blocking-call-in-async
 *
 * `<` before the carets means "from column 0". A range that runs over several
 * lines is annotated on its first line, with carets to the end of that line.
 *
 * `(related)` in place of the severity expects a related location of a finding
 * of that rule instead of a finding: a call that one grouped finding stands for
 * ("'open()' blocks here too"). Related locations nobody annotated are not errors
 * (a finding also lists its entry points there).
 */

export interface Expectation {
  line: number;
  startColumn: number;
  endColumn: number;
  rule: string;
  severity?: string;
  /** Expects a related location of a finding of `rule`, not a finding. */
  related?: boolean;
}

export interface ActualDiagnostic {
  line: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  rule: string;
  severity: string;
}

const ANNOTATION = /^(\s*)(\/\/|#)(\s*)(<?)(\^+)\s+([a-z][a-z0-9-]*)(?:\s+\((error|warning|info|hint|related)\))?\s*$/;

export function isAnnotationLine(line: string): boolean {
  return ANNOTATION.test(line);
}

export function parseExpectations(text: string): Expectation[] {
  const lines = text.split(/\r?\n/);
  const expectations: Expectation[] = [];
  let target = -1;
  lines.forEach((line, index) => {
    const match = ANNOTATION.exec(line);
    if (!match) {
      target = index;
      return;
    }
    const [, indent, marker, gap, fromZero, carets, rule, severity] = match;
    const caretStart = indent.length + marker.length + gap.length + fromZero.length;
    expectations.push({
      line: target,
      startColumn: fromZero ? 0 : caretStart,
      endColumn: caretStart + carets.length,
      rule,
      ...(severity === 'related' ? { related: true } : { severity }),
    });
  });
  return expectations;
}

/** The annotation a diagnostic would need, for failure messages. */
export function annotationFor(d: ActualDiagnostic, lines: string[], marker: string): string {
  const lineText = lines[d.line] ?? '';
  const end = d.endLine === d.line ? d.endColumn : lineText.trimEnd().length;
  const label = `${d.rule} (${d.severity})`;
  if (d.startColumn < marker.length) return `${marker}<${'^'.repeat(Math.max(1, end - marker.length - 1))} ${label}`;
  const indentation = lineText.length - lineText.trimStart().length;
  const indent = Math.max(0, Math.min(indentation, d.startColumn - marker.length - 1));
  const gap = d.startColumn - indent - marker.length;
  return `${' '.repeat(indent)}${marker}${' '.repeat(gap)}${'^'.repeat(Math.max(1, end - d.startColumn))} ${label}`;
}

export function matches(expected: Expectation, actual: ActualDiagnostic, lines: string[]): boolean {
  if (expected.rule !== actual.rule || expected.line !== actual.line || expected.startColumn !== actual.startColumn) return false;
  if (expected.severity && expected.severity !== actual.severity) return false;
  const end = actual.endLine === actual.line ? actual.endColumn : (lines[actual.line] ?? '').trimEnd().length;
  return expected.endColumn === end;
}
