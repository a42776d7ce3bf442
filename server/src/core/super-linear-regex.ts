/**
 * Super-linear regular expressions, for cpu-bound-on-event-loop in both
 * languages: backtracking that is polynomial or exponential in the input's
 * length, and the quadratic "move" of an unanchored search that retries every
 * suffix. The analysis is scslre's (the one eslint-plugin-regexp runs), on
 * regexpp's parse of the JavaScript syntax; Python patterns arrive here already
 * translated (lang/python/regex-syntax.ts).
 *
 * The one question callers ask: given a pattern, its flags and how it is applied,
 * is there a finding? Whether the text it runs on is input-sized, and whether that
 * happens on the event loop, is the caller's business.
 */
import { analyse, type Report } from 'scslre';

/**
 * How a pattern is applied. A search tries the pattern at every position of the
 * text (`test`, `exec`, `replace`, `re.search`, `re.sub`, …), so a pattern that
 * fails slowly from each position is quadratic overall; an anchored application
 * (`re.match`, `re.fullmatch`, a sticky regex) starts at one position only.
 */
export type RegexApplication = 'search' | 'anchored';

export interface SuperLinearRegex {
  /** 'exponential', or the polynomial degree: 2 for O(n²), 3 for O(n³). */
  complexity: 'exponential' | number;
  /** The complexity as written in a message: "exponential", "O(n²)". */
  complexityText: string;
  /** Backtracking inside one match attempt, or the search moving across the text. */
  cause: 'backtracking' | 'move';
  /** The attack string's shape: "many 'a' in a row, then a character that makes the match fail". */
  attack: string;
  /** The same, short, for a one-line message: "'aaa…' then a mismatch". */
  attackShape: string;
  /** The part of the pattern that causes it: the quantifier(s) involved. */
  culprit: string;
  /** A rewrite scslre proves equivalent and free of this cause, when it has one. */
  fixed?: { source: string; flags: string };
}

/** Longer patterns are not analysed (the analysis is fast, but not free, and such patterns are generated). */
export const MAX_PATTERN_LENGTH = 2000;
const CACHE_LIMIT = 2000;
const cache = new Map<string, SuperLinearRegex | null>();

const SUPERSCRIPT: Record<string, string> = { 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };
function power(k: number): string {
  return `O(n${String(k).replace(/\d/g, (d) => SUPERSCRIPT[d])})`;
}

/** Whether the pattern compiles as a JavaScript regular expression with these flags. */
export function compiles(source: string, flags: string): boolean {
  try {
    new RegExp(source, flags);
    return true;
  } catch {
    return false;
  }
}

/**
 * The worst super-linear behaviour of `source`/`flags` when applied this way, or
 * undefined for a linear pattern, one that does not compile, or one too long to analyse.
 */
export function superLinearRegex(source: string, flags: string, application: RegexApplication = 'search'): SuperLinearRegex | undefined {
  if (source.length > MAX_PATTERN_LENGTH) return undefined;
  // `g` and `y` change where a search starts, not what one attempt matches; only `y` anchors it.
  const anchored = application === 'anchored' || flags.includes('y');
  const key = `${anchored ? 'A' : 'S'}/${flags}/${source}`;
  if (cache.has(key)) return cache.get(key) ?? undefined;
  const result = compute(source, flags, anchored) ?? null;
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, result);
  return result ?? undefined;
}

function compute(source: string, flags: string, anchored: boolean): SuperLinearRegex | undefined {
  if (!compiles(source, flags)) return undefined;
  let reports: Report[];
  try {
    // An anchored application cannot move; analysing it sticky says so to scslre.
    const analysed = anchored && !flags.includes('y') ? flags + 'y' : flags;
    reports = analyse({ source, flags: analysed }, { reportTypes: { Move: !anchored } }).reports;
  } catch (error) {
    // regexpp is stricter than V8 in a few corners (and newer syntax than it knows):
    // a pattern it cannot parse is not one we can judge.
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
  let worst: SuperLinearRegex | undefined;
  for (const report of reports) {
    const candidate = describe(report);
    if (!worst || rank(candidate) > rank(worst)) worst = candidate;
  }
  return worst;
}

function rank(r: SuperLinearRegex): number {
  return (r.complexity === 'exponential' ? 1000 : r.complexity) * 2 + (r.cause === 'backtracking' ? 1 : 0);
}

function describe(report: Report): SuperLinearRegex {
  const pick = JSON.stringify(report.character.pick).slice(1, -1);
  const fix = report.fix();
  const fixed = fix ? { source: fix.source, flags: fix.flags } : undefined;
  if (report.type === 'Move') {
    return {
      complexity: 2,
      complexityText: power(2),
      cause: 'move',
      attack: `many '${pick}' in a row with no match: the search retries '${report.quant.raw}' from every position`,
      attackShape: `'${pick.repeat(3)}…' with no match`,
      culprit: report.quant.raw,
      fixed,
    };
  }
  let complexity: 'exponential' | number;
  let culprit: string;
  if (report.type === 'Self') {
    const max = report.parentQuant.max;
    complexity = report.exponential || max === Infinity ? 'exponential' : Math.max(2, max);
    culprit = `'${report.quant.raw}' repeated by '${report.parentQuant.raw}'`;
  } else {
    complexity = report.exponential ? 'exponential' : 2;
    culprit = report.startQuant === report.endQuant ? `'${report.startQuant.raw}'` : `'${report.startQuant.raw}' and '${report.endQuant.raw}'`;
  }
  return {
    complexity,
    complexityText: complexity === 'exponential' ? 'exponential time' : power(complexity),
    cause: 'backtracking',
    attack: `many '${pick}' in a row, then a character that makes the match fail`,
    attackShape: `'${pick.repeat(3)}…' then a mismatch`,
    culprit,
    fixed,
  };
}

/**
 * The why and the fix, for a finding's detail: the attack, then the remedies in
 * the order they are safe to apply: scslre's proven rewrite, a length cap, RE2.
 */
export function superLinearAdvice(found: SuperLinearRegex, language: 'ts' | 'python'): string {
  const how = found.cause === 'move'
    ? `The search tries the pattern at each of the text's n positions and each attempt can run to the end of the text, so a failing search costs ${found.complexityText}.`
    : `${found.culprit} can split the same run of characters in many ways, and a failing match tries them all: ${found.complexityText} in the length of the text.`;
  const fixes: string[] = [];
  if (found.fixed) {
    const written = language === 'ts' ? `/${found.fixed.source}/${found.fixed.flags.replace(/y/g, '')}` : `r'${found.fixed.source}'`;
    fixes.push(`rewrite it as ${written}, which matches the same strings without this backtracking`);
  } else if (found.cause === 'move') {
    fixes.push(language === 'ts' ? "anchor it (^ or the 'y' flag) if it must match at a known position" : 'anchor it with re.match or \\A if it must match at a known position');
  }
  fixes.push('cap the input length before matching');
  fixes.push(language === 'ts' ? "or use a linear-time engine ('re2' or 're2-wasm')" : "or use a linear-time engine (the 'google-re2' package)");
  return `Attack string: ${found.attack}. ${how} Fix: ${fixes.join(', ')}.`;
}
