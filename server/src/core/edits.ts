/**
 * The one edit helper: offset edits (core/finding.ts) applied to a text, and the
 * overlap test that "Fix all" and the applier share. Edits are given in offsets of
 * the original text and applied from the end, so each one's offsets stay valid.
 */
import type { OffsetEdit } from './finding';

/** Whether two edits touch the same characters (two insertions at one point do not). */
export function editsOverlap(a: OffsetEdit, b: OffsetEdit): boolean {
  return a.start < b.end && b.start < a.end;
}

/** `text` with `edits` applied; edits at the same offset keep their order. Throws on overlapping edits. */
export function applyEdits(text: string, edits: readonly OffsetEdit[]): string {
  const sorted = edits.map((e, i) => ({ ...e, i })).sort((a, b) => b.start - a.start || b.i - a.i);
  for (let k = 1; k < sorted.length; k++) {
    if (sorted[k].end > sorted[k - 1].start) throw new Error(`overlapping edits at ${sorted[k].start}-${sorted[k].end} and ${sorted[k - 1].start}-${sorted[k - 1].end}`);
  }
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}
