/**
 * Suppression comments, the same words in JS/TS (`//`, `/* … *\/`) and Python (`#`):
 *
 *     // loopwise-disable-next-line rule-a, rule-b -- why   (the next line of code)
 *     // loopwise-disable-line rule-a
 *     /* loopwise-disable rule-a *\/       (at the top of the file, before any code)
 *
 * No rule list means every rule. Applying them drops the findings they cover,
 * reports each rule name that suppressed nothing as `unused-suppression`, and gives
 * every remaining finding "Disable for this line" and "Disable for this file" fixes.
 *
 * Comments written for other linters that silence the same problem are honoured
 * too (`loopwise.honourPeerSuppressions`, on by default), so a project that already
 * decided is not told again: ESLint's `eslint-disable[-next-line|-line]` and
 * `/* eslint-disable … *\/ … /* eslint-enable … *\/` regions, and Ruff's / flake8's
 * `# noqa[: CODES]` and file-level `# ruff: noqa[: CODES]` (see PEER_RULES). They
 * are the peers' comments, not ours, so `unused-suppression` never reports them.
 */
import { ts } from '../lang/ts/compiler';
import { RULE_IDS, type LoopwiseSettings, type RuleId } from '../protocol';
import type { SuppressedAt } from '../core/backend';
import type { Finding, Fix, OffsetEdit } from '../core/finding';
import { LineMap, lineEndAt, lineStartAt } from '../core/positions';
import { quoteCode } from '../core/quote';

export const UNUSED_SUPPRESSION: RuleId = 'unused-suppression';

export type DirectiveKind = 'next-line' | 'line' | 'file';

export interface DirectiveRule {
  name: string;
  start: number;
  end: number;
}

export interface Directive {
  kind: DirectiveKind;
  /** Empty: every rule. */
  rules: DirectiveRule[];
  /** The comment's range. */
  start: number;
  end: number;
  /** Zero-based line the directive applies to (file directives: -1). */
  line: number;
  /** A file directive after code: it does nothing. */
  misplaced?: boolean;
}

interface Comment {
  start: number;
  end: number;
  /** The text after the comment marker. */
  body: string;
  bodyStart: number;
}

const DIRECTIVE = /^(\s*)loopwise-disable(-next-line|-line)?(?=\s|$)([^]*)$/;


/** Comments of a JS/TS file, from the TypeScript scanner (so strings and regexes are not mistaken for comments). */
function jsComments(text: string, fileName: string): { comments: Comment[]; firstCode: number } {
  const variant = /\.[jt]sx$/i.test(fileName) ? ts.LanguageVariant.JSX : ts.LanguageVariant.Standard;
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, variant, text);
  const comments: Comment[] = [];
  let firstCode = -1;
  let previous: ts.SyntaxKind = ts.SyntaxKind.Unknown;
  const templateDepth: number[] = [];
  let braceDepth = 0;
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia) {
      const start = scanner.getTokenStart();
      const raw = scanner.getTokenText();
      const body = kind === ts.SyntaxKind.SingleLineCommentTrivia ? raw.slice(2) : raw.slice(2, -2);
      comments.push({ start, end: start + raw.length, body, bodyStart: start + 2 });
      continue;
    }
    if (kind === ts.SyntaxKind.WhitespaceTrivia || kind === ts.SyntaxKind.NewLineTrivia || kind === ts.SyntaxKind.ShebangTrivia) continue;
    if (firstCode < 0) firstCode = scanner.getTokenStart();
    if ((kind === ts.SyntaxKind.SlashToken || kind === ts.SyntaxKind.SlashEqualsToken) && !endsExpression(previous)) {
      kind = scanner.reScanSlashToken();
    } else if (kind === ts.SyntaxKind.TemplateHead) {
      templateDepth.push(braceDepth);
    } else if (kind === ts.SyntaxKind.OpenBraceToken) {
      braceDepth++;
    } else if (kind === ts.SyntaxKind.CloseBraceToken) {
      if (templateDepth.length > 0 && templateDepth[templateDepth.length - 1] === braceDepth) {
        kind = scanner.reScanTemplateToken(false);
        if (kind === ts.SyntaxKind.TemplateTail) templateDepth.pop();
      } else {
        braceDepth--;
      }
    }
    previous = kind;
  }
  return { comments, firstCode: firstCode < 0 ? text.length : firstCode };
}

function endsExpression(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.Identifier || kind === ts.SyntaxKind.CloseParenToken || kind === ts.SyntaxKind.CloseBracketToken ||
    kind === ts.SyntaxKind.CloseBraceToken || kind === ts.SyntaxKind.NumericLiteral || kind === ts.SyntaxKind.StringLiteral ||
    kind === ts.SyntaxKind.NoSubstitutionTemplateLiteral || kind === ts.SyntaxKind.TemplateTail || kind === ts.SyntaxKind.RegularExpressionLiteral ||
    kind === ts.SyntaxKind.ThisKeyword || kind === ts.SyntaxKind.PlusPlusToken || kind === ts.SyntaxKind.MinusMinusToken ||
    kind === ts.SyntaxKind.TrueKeyword || kind === ts.SyntaxKind.FalseKeyword || kind === ts.SyntaxKind.NullKeyword;
}

/** Comments of a Python file: `#` outside string literals (including triple-quoted ones). */
function pyComments(text: string): { comments: Comment[]; firstCode: number } {
  const comments: Comment[] = [];
  let firstCode = -1;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '#') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      comments.push({ start: i, end: stop, body: text.slice(i + 1, stop), bodyStart: i + 1 });
      i = stop;
      continue;
    }
    if (c === '"' || c === "'") {
      if (firstCode < 0) firstCode = i;
      const triple = text.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      i += quote.length;
      while (i < text.length && !text.startsWith(quote, i)) {
        if (text[i] === '\\') i++;
        else if (!triple && text[i] === '\n') break;
        i++;
      }
      i += quote.length;
      continue;
    }
    if (!/\s/.test(c) && firstCode < 0) firstCode = i;
    i++;
  }
  return { comments, firstCode: firstCode < 0 ? text.length : firstCode };
}

export function isPythonFile(fileName: string): boolean {
  return /\.pyi?$/i.test(fileName);
}

/** The first line from `line` on that holds code: blank and comment-only lines (say, a second directive) are skipped. */
function nextCodeLine(lines: LineMap, line: number): number {
  for (let l = line; l < lines.lineCount; l++) {
    const content = lines.text.slice(lines.startOfLine(l), lines.startOfLine(l + 1) ?? lines.text.length).trim();
    if (content !== '' && !/^(?:\/\/|#|\/\*)/.test(content)) return l;
  }
  return line;
}

/** Every loopwise directive in a file. */
export function parseDirectives(text: string, fileName: string): Directive[] {
  const { comments, firstCode } = isPythonFile(fileName) ? pyComments(text) : jsComments(text, fileName);
  const lines = new LineMap(text);
  const directives: Directive[] = [];
  for (const comment of comments) {
    const match = DIRECTIVE.exec(comment.body);
    if (!match) continue;
    const [, lead, suffix, rest] = match;
    const kind: DirectiveKind = suffix === '-next-line' ? 'next-line' : suffix === '-line' ? 'line' : 'file';
    const listStart = comment.bodyStart + lead.length + 'loopwise-disable'.length + (suffix?.length ?? 0);
    const reasonAt = rest.search(/\s--(\s|$)/);
    const list = reasonAt >= 0 ? rest.slice(0, reasonAt) : rest;
    const rules: DirectiveRule[] = [];
    const namePattern = /[A-Za-z0-9_-]+/g;
    for (let m = namePattern.exec(list); m; m = namePattern.exec(list)) {
      rules.push({ name: m[0], start: listStart + m.index, end: listStart + m.index + m[0].length });
    }
    const commentLine = lines.lineOf(comment.start);
    const line = kind === 'next-line' ? nextCodeLine(lines, lines.lineOf(comment.end) + 1) : kind === 'line' ? commentLine : -1;
    directives.push({ kind, rules, start: comment.start, end: comment.end, line, misplaced: kind === 'file' && comment.start > firstCode });
  }
  return directives;
}

// ---- other linters' comments ----------------------------------------------------------

/**
 * Each peer rule or code that silences the same problem as a Loopwise rule.
 * ESLint: core `no-await-in-loop`, `require-atomic-updates` and `no-sync`, and
 * `no-sync` of eslint-plugin-n / eslint-plugin-node. Ruff / flake8-async: the
 * blocking-call codes, the current ones (ASYNC210 blocking HTTP, 212 blocking
 * httpx client, 220/221/222 subprocesses, 230 `open`, 240 `os.path`/`pathlib`,
 * 250 `input`, 251 `time.sleep`) and the old numbering flake8-async and early Ruff
 * used for the same checks (ASYNC100 HTTP, 101 open/sleep/subprocess, 102 `os`);
 * the other ASYNC1xx codes (cancel scopes, timeouts, busy waits, zero sleeps) are
 * other problems. Ruff's RUF006: a task whose reference is dropped.
 */
export const PEER_RULES: Readonly<Record<'eslint' | 'ruff', Readonly<Record<string, RuleId>>>> = {
  eslint: {
    'no-await-in-loop': 'sequential-await',
    'no-sync': 'blocking-call-in-async',
    'n/no-sync': 'blocking-call-in-async',
    'node/no-sync': 'blocking-call-in-async',
    'require-atomic-updates': 'unguarded-shared-state',
  },
  ruff: {
    ASYNC100: 'blocking-call-in-async',
    ASYNC101: 'blocking-call-in-async',
    ASYNC102: 'blocking-call-in-async',
    ASYNC210: 'blocking-call-in-async',
    ASYNC212: 'blocking-call-in-async',
    ASYNC220: 'blocking-call-in-async',
    ASYNC221: 'blocking-call-in-async',
    ASYNC222: 'blocking-call-in-async',
    ASYNC230: 'blocking-call-in-async',
    ASYNC240: 'blocking-call-in-async',
    ASYNC250: 'blocking-call-in-async',
    ASYNC251: 'blocking-call-in-async',
    RUF006: 'dangling-task',
  },
};

/** Where a peer comment applies: lines (zero-based), or an offset range (an ESLint disable…enable region, a file-level noqa). */
export interface PeerDirective {
  /** The Loopwise rules it covers. A bare comment (no list) covers every rule its tool has a peer for. */
  rules: ReadonlySet<RuleId>;
  lines?: readonly number[];
  from?: number;
  to?: number;
}

const ESLINT = /^\s*eslint-(disable-next-line|disable-line|disable|enable)(?=\s|$)([^]*)$/;
/** `# noqa`, `# noqa: A1, B2`, `# NOQA:A1 B2`, also after other comment text (`# type: ignore  # noqa: X`). */
const NOQA = /(?:^|#)\s*noqa(?!\w)(?::\s*([A-Za-z]+[0-9]+(?:[\s,]+[A-Za-z]+[0-9]+)*))?/i;
/** `# ruff: noqa` / `# flake8: noqa` on a line of its own: the whole file. */
const FILE_NOQA = /^\s*(?:ruff|flake8)\s*:\s*noqa(?!\w)(?::\s*([A-Za-z]+[0-9]+(?:[\s,]+[A-Za-z]+[0-9]+)*))?/i;

function peerRules(tool: 'eslint' | 'ruff', names: string[]): Set<RuleId> {
  const table = PEER_RULES[tool];
  if (names.length === 0) return new Set(Object.values(table));
  const out = new Set<RuleId>();
  for (const name of names) {
    const id = table[tool === 'ruff' ? name.toUpperCase() : name];
    if (id) out.add(id);
  }
  return out;
}

/** ESLint's rule list: `a, b/c -- why` → `['a', 'b/c']`. */
function eslintNames(rest: string): string[] {
  const reasonAt = rest.search(/\s--(\s|$)/);
  const list = reasonAt >= 0 ? rest.slice(0, reasonAt) : rest;
  return list.split(',').map((n) => n.trim()).filter((n) => n !== '');
}

/** Every peer comment in a file that maps to a Loopwise rule. */
export function parsePeerDirectives(text: string, fileName: string): PeerDirective[] {
  const python = isPythonFile(fileName);
  const { comments } = python ? pyComments(text) : jsComments(text, fileName);
  const lines = new LineMap(text);
  const out: PeerDirective[] = [];
  if (python) {
    for (const comment of comments) {
      const file = FILE_NOQA.exec(comment.body);
      const line = file ? undefined : NOQA.exec(comment.body);
      const match = file ?? line;
      if (!match) continue;
      const rules = peerRules('ruff', match[1] ? match[1].split(/[\s,]+/) : []);
      if (rules.size === 0) continue;
      const atLine = lines.lineOf(comment.start);
      const ownLine = text.slice(lines.startOfLine(atLine), comment.start).trim() === '';
      if (file && ownLine) out.push({ rules, from: 0, to: text.length });
      else if (line) out.push({ rules, lines: [atLine] });
    }
    return out;
  }
  // Open `eslint-disable` regions, by the rule they cover; closed by `eslint-enable`.
  const open = new Map<RuleId, number>();
  const close = (id: RuleId, at: number) => {
    const from = open.get(id);
    if (from === undefined) return;
    out.push({ rules: new Set([id]), from, to: at });
    open.delete(id);
  };
  for (const comment of comments) {
    const match = ESLINT.exec(comment.body);
    if (!match) continue;
    const [, kind, rest] = match;
    const names = eslintNames(rest);
    const rules = peerRules('eslint', names);
    const block = text.startsWith('/*', comment.start);
    if (kind === 'disable' || kind === 'enable') {
      // ESLint reads region comments only in block comments.
      if (!block) continue;
      if (kind === 'disable') {
        for (const id of rules) if (!open.has(id)) open.set(id, comment.start);
      } else {
        for (const id of names.length === 0 ? [...open.keys()] : rules) close(id, comment.start);
      }
      continue;
    }
    if (rules.size === 0) continue;
    const line = kind === 'disable-next-line' ? nextCodeLine(lines, lines.lineOf(comment.end) + 1) : lines.lineOf(comment.start);
    out.push({ rules, lines: [line] });
  }
  for (const id of [...open.keys()]) close(id, text.length);
  return out;
}

/** Whether a peer comment silences this finding: on its first line (a noqa also on its last), or inside a region. */
function peerSuppresses(peers: PeerDirective[], finding: Finding, line: number, endLine: number, python: boolean): boolean {
  return peers.some((p) => p.rules.has(finding.rule as RuleId) && (
    p.lines ? p.lines.includes(line) || python && p.lines.includes(endLine) : finding.start >= p.from! && finding.start < p.to!));
}

function covers(directive: Directive, rule: string): DirectiveRule | true | undefined {
  if (directive.rules.length === 0) return true;
  return directive.rules.find((r) => r.name === rule);
}

export interface SuppressionOptions {
  /** Rules that ran on this file: a directive naming a rule that did not run is not "unused". */
  ranRules: ReadonlySet<string>;
}

/**
 * A file's suppressions, read once and asked twice: by the rules while they run
 * (`isSuppressed`, before they fold calls into one finding) and after them (`apply`,
 * which drops what is covered). One reading, so the two cannot disagree.
 */
export class FileSuppressions {
  /** Every loopwise directive, misplaced ones included (they are reported as unused). */
  readonly directives: Directive[];
  /** The directives that apply (a file directive after code does nothing). */
  private readonly placed: Directive[];
  private readonly python: boolean;
  private lineMap?: LineMap;
  private peerList?: PeerDirective[];

  constructor(private readonly text: string, private readonly fileName: string, private readonly settings: LoopwiseSettings) {
    this.directives = text.includes('loopwise-disable') ? parseDirectives(text, fileName) : [];
    this.placed = this.directives.filter((d) => !d.misplaced);
    this.python = isPythonFile(fileName);
  }

  private get lines(): LineMap {
    return (this.lineMap ??= new LineMap(this.text));
  }

  /** The honoured peer comments, read the first time they are needed. */
  private get peers(): PeerDirective[] {
    return (this.peerList ??= this.settings.honourPeerSuppressions && mayHavePeerComments(this.text, this.python) ? parsePeerDirectives(this.text, this.fileName) : []);
  }

  /**
   * What the rules ask before they fold calls into one finding: whether a directive or an
   * honoured peer comment covers a rule at an offset of this file, by the same reading
   * as `apply` (a line directive on the offset's line, a file directive, a peer comment
   * on that line or a peer region around the offset).
   */
  readonly isSuppressed: SuppressedAt = (rule, offset) => {
    if (this.placed.length === 0 && this.peers.length === 0) return false;
    const line = this.lines.lineOf(offset);
    return this.placed.some((d) => (d.kind === 'file' || d.line === line) && covers(d, rule) !== undefined) ||
      this.peers.some((p) => p.rules.has(rule) && (p.lines ? p.lines.includes(line) : offset >= p.from! && offset < p.to!));
  };

  /**
   * Drops suppressed findings, adds `unused-suppression` findings, and adds the
   * disable fixes to every finding that remains.
   */
  apply(findings: Finding[], options: SuppressionOptions): Finding[] {
    const { text, fileName, settings, directives, lines } = this;
    const peers = findings.length > 0 ? this.peers : [];
    const used = new Set<DirectiveRule | Directive>();
    const kept: Finding[] = [];
    for (const finding of findings) {
      const line = lines.lineOf(finding.start);
      let suppressed = false;
      for (const d of directives) {
        if (d.misplaced || (d.kind !== 'file' && d.line !== line)) continue;
        const hit = covers(d, finding.rule);
        if (!hit) continue;
        used.add(hit === true ? d : hit);
        suppressed = true;
      }
      if (!suppressed && peers.length > 0) suppressed = peerSuppresses(peers, finding, line, lines.lineOf(Math.max(finding.start, finding.end - 1)), this.python);
      if (!suppressed) kept.push(finding);
    }
    const unusedOn = settings.rules[UNUSED_SUPPRESSION] !== 'off';
    if (unusedOn) {
      for (const d of directives) kept.push(...unusedFindings(text, d, used, options));
    }
    const marker = this.python ? '#' : '//';
    return kept.map((f) => (f.rule === UNUSED_SUPPRESSION ? f : { ...f, fixes: [...(f.fixes ?? []), ...disableFixes(text, fileName, f, directives, lines, marker)] }));
  }
}

function mayHavePeerComments(text: string, python: boolean): boolean {
  return python ? /noqa/i.test(text) : text.includes('eslint-');
}

function unusedFindings(text: string, d: Directive, used: Set<DirectiveRule | Directive>, options: SuppressionOptions): Finding[] {
  const known = RULE_IDS as readonly string[];
  const out: Finding[] = [];
  if (d.misplaced) {
    out.push({ rule: UNUSED_SUPPRESSION, start: d.start, end: d.end, message: "'loopwise-disable' here suppresses nothing: it works only at the top of the file", detail: 'A file-wide loopwise-disable must come before any code. To suppress one line, use loopwise-disable-next-line above it (or loopwise-disable-line at its end).', fixes: [removeComment(text, d)] });
    return out;
  }
  if (d.rules.length === 0) {
    if (!used.has(d)) out.push({ rule: UNUSED_SUPPRESSION, start: d.start, end: d.end, message: 'This suppression suppresses nothing', detail: 'No Loopwise finding is reported where it applies, so it only hides problems that may appear later. Remove it (the quick fix does).', fixes: [removeComment(text, d)] });
    return out;
  }
  const unused = d.rules.filter((r) => !used.has(r) && (!known.includes(r.name) || options.ranRules.has(r.name)));
  for (const r of unused) {
    const isKnown = known.includes(r.name);
    const message = isKnown ? `This suppression of ${r.name} suppresses nothing` : `Unknown rule ${quoteCode(r.name, 40)} in a loopwise suppression`;
    const detail = isKnown
      ? `No ${r.name} finding is reported where it applies, so it only hides problems that may appear later. Remove it (the quick fix does).`
      : `Known rules: ${known.join(', ')}.`;
    const fix = unused.length === d.rules.length ? removeComment(text, d) : removeName(text, d, r);
    out.push({ rule: UNUSED_SUPPRESSION, start: r.start, end: r.end, message, detail, fixes: [fix] });
  }
  return out;
}

/** Removes the directive comment, and its line if nothing else is on it. */
function removeComment(text: string, d: Directive): Fix {
  let start = d.start;
  let end = d.end;
  const lineStart = lineStartAt(text, start);
  const lineEnd = lineEndAt(text, end);
  if (text.slice(lineStart, start).trim() === '' && text.slice(end, lineEnd).trim() === '') {
    start = lineStart;
    end = lineEnd < text.length ? lineEnd + 1 : text.length;
  } else {
    while (start > lineStart && /[ \t]/.test(text[start - 1])) start--;
  }
  return { title: 'Remove the unused suppression', edits: [{ start, end, newText: '' }], safe: true };
}

function removeName(text: string, d: Directive, r: DirectiveRule): Fix {
  const index = d.rules.indexOf(r);
  let start = r.start;
  let end = r.end;
  if (index > 0) start = d.rules[index - 1].end;
  else end = d.rules[1].start;
  return { title: `Remove ${r.name} from the suppression`, edits: [{ start, end, newText: '' }], safe: true };
}

/** "Disable <rule> for this line" (a next-line comment above) and "… for this file" (a comment at the top). */
function disableFixes(text: string, fileName: string, finding: Finding, directives: Directive[], lines: LineMap, marker: string): Fix[] {
  const line = lines.lineOf(finding.start);
  const lineStart = lines.startOfLine(line)!;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const existing = directives.find((d) => d.kind === 'next-line' && d.line === line && d.rules.length > 0);
  const lineEdit: OffsetEdit = existing
    ? { start: existing.rules[existing.rules.length - 1].end, end: existing.rules[existing.rules.length - 1].end, newText: `, ${finding.rule}` }
    : { start: lineStart, end: lineStart, newText: `${indent}${marker} loopwise-disable-next-line ${finding.rule}${eol}` };
  const fileDirective = directives.find((d) => d.kind === 'file' && !d.misplaced && d.rules.length > 0);
  let fileEdit: OffsetEdit;
  if (fileDirective) {
    const last = fileDirective.rules[fileDirective.rules.length - 1];
    fileEdit = { start: last.end, end: last.end, newText: `, ${finding.rule}` };
  } else {
    // After a shebang (and a Python encoding line), which must stay first.
    let at = 0;
    if (text.startsWith('#!')) at = lines.startOfLine(1) ?? text.length;
    if (isPythonFile(fileName) && /^#.*coding[:=]/.test(text.slice(at, lines.startOfLine(lines.lineOf(at) + 1) ?? text.length))) at = lines.startOfLine(lines.lineOf(at) + 1) ?? text.length;
    const comment = marker === '#' ? `# loopwise-disable ${finding.rule}` : `/* loopwise-disable ${finding.rule} */`;
    fileEdit = { start: at, end: at, newText: `${comment}${eol}` };
  }
  return [
    { title: `Disable ${finding.rule} for this line`, edits: [lineEdit], safe: false },
    { title: `Disable ${finding.rule} for this file`, edits: [fileEdit], safe: false },
  ];
}
