/**
 * Combines several fixes into one edit list: identical edits once, a fix that
 * clashes with an earlier one skipped, and import statements that several fixes
 * add at the same place merged into one. `source.fixAll` uses it for a file, a
 * rule for one finding that stands for several calls.
 */
import { editsOverlap } from './edits';
import type { Fix, OffsetEdit } from './finding';

const ESM_IMPORT = /^(\n?)import \{ (.+) \} from '([^']+)';(\n*)$/;
const CJS_IMPORT = /^(\n?)const \{ (.+) \} = require\('([^']+)'\);(\n*)$/;
const NAME_APPEND = /^, ([\w$]+(?: as [\w$]+|: [\w$]+)?)$/;

function mergeInsertions(a: OffsetEdit, b: OffsetEdit): OffsetEdit | undefined {
  if (a.start !== a.end || b.start !== b.end || a.start !== b.start) return undefined;
  for (const pattern of [ESM_IMPORT, CJS_IMPORT]) {
    const ma = pattern.exec(a.newText);
    const mb = pattern.exec(b.newText);
    if (ma && mb && ma[3] === mb[3] && ma[1] === mb[1] && ma[4] === mb[4]) {
      const names = [...new Set([...ma[2].split(', '), ...mb[2].split(', ')])].join(', ');
      return { ...a, newText: a.newText.replace(ma[2], names) };
    }
  }
  const na = NAME_APPEND.exec(a.newText);
  const nb = NAME_APPEND.exec(b.newText);
  if (na && nb) return { ...a, newText: na[1] === nb[1] ? a.newText : `${a.newText}${b.newText}` };
  return undefined;
}

export function mergeFixes(fixes: readonly Fix[]): OffsetEdit[] {
  const chosen: OffsetEdit[] = [];
  for (const fix of fixes) {
    const pending: OffsetEdit[] = [];
    let clash = false;
    for (const edit of fix.edits) {
      if (chosen.some((c) => c.start === edit.start && c.end === edit.end && c.newText === edit.newText)) continue;
      const mergeWith = chosen.findIndex((c) => mergeInsertions(c, edit));
      if (mergeWith >= 0) {
        pending.push({ ...mergeInsertions(chosen[mergeWith], edit)!, start: -1 - mergeWith });
        continue;
      }
      if (chosen.some((c) => editsOverlap(c, edit))) clash = true;
      pending.push(edit);
    }
    if (clash) continue;
    for (const edit of pending) {
      if (edit.start < 0) {
        const at = -1 - edit.start;
        chosen[at] = { ...chosen[at], newText: edit.newText };
      } else {
        chosen.push(edit);
      }
    }
  }
  return chosen;
}

/** One call's fixes, in a finding that stands for several calls of one function. */
export interface SiteFixes {
  fixes: Fix[];
  /** 1-based, to tell the calls' own actions apart. */
  line: number;
}

/**
 * The fixes of one finding that stands for several calls (in source order): an
 * action that applies every call's preferred fix at once (preferred; safe when
 * each of them is), one with every call's safe fix when that differs, so that
 * `Fix all` (the first safe fix) fixes what it fixed when each call was a finding
 * of its own, then each call's own actions, named by their line.
 */
export function combineSiteFixes(sites: readonly SiteFixes[]): Fix[] {
  const fixed = sites.filter((s) => s.fixes.length > 0);
  if (fixed.length === 0) return [];
  if (sites.length === 1) return fixed[0].fixes;
  const own = fixed.flatMap((s) => s.fixes.map((f) => ({ ...f, title: `${f.title} (line ${s.line})`, preferred: fixed.length === 1 ? f.preferred : false })));
  if (fixed.length === 1) return own;
  const combined = (picked: Fix[], safe: boolean, preferred: boolean): Fix => {
    const titles = [...new Set(picked.map((f) => f.title))];
    const title = titles.length === 1 ? `${titles[0]}, all ${picked.length} calls` : `Fix all ${picked.length} calls: ${titles.join('; ')}`;
    return { title, edits: mergeFixes(picked), safe, preferred };
  };
  const preferred = fixed.map((s) => s.fixes.find((f) => f.preferred) ?? s.fixes[0]);
  const safe = fixed.map((s) => s.fixes.find((f) => f.safe)).filter((f): f is Fix => !!f);
  const out = [combined(preferred, preferred.every((f) => f.safe), true)];
  if (!out[0].safe && safe.length > 1) out.push(combined(safe, true, false));
  return [...out, ...own];
}
