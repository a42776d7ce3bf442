/**
 * Combines the safe fixes of a file into one edit list for `source.fixAll`:
 * each finding's first safe fix, merged as core/fix-merge.ts merges fixes.
 */
import type { Finding, Fix, OffsetEdit } from '../core/finding';
import { mergeFixes } from '../core/fix-merge';

export function fixAllEdits(findings: readonly Finding[]): OffsetEdit[] {
  return mergeFixes(findings.map((f) => f.fixes?.find((x) => x.safe)).filter((f): f is Fix => !!f));
}
