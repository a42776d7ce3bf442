/**
 * Finds regular expressions whose backtracking is exponential: a repeated group
 * whose body can match the same text in more than one way, such as `(a+)+`,
 * `(\w+\s?)*` or `(\w+\d)+`, followed by something that can fail. A delimiter the
 * inner repetition cannot match (`(\w+\.)+`) makes the split unambiguous, so
 * such patterns are left alone.
 */

interface Quantifier {
  min: number;
  max: number;
}

type Atom =
  | { kind: 'char'; source: string }
  | { kind: 'group'; alternatives: Item[][]; lookaround: boolean }
  | { kind: 'end' }
  | { kind: 'assertion' };

interface Item {
  atom: Atom;
  quantifier: Quantifier;
}

const ONCE: Quantifier = { min: 1, max: 1 };
const SAMPLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).concat(['\n', '\t', 'é']);

class Parser {
  private i = 0;
  constructor(private readonly src: string) {}

  parse(): Item[][] {
    const alts = this.alternatives();
    return alts;
  }

  private alternatives(): Item[][] {
    const alts: Item[][] = [[]];
    while (this.i < this.src.length) {
      const c = this.src[this.i];
      if (c === ')') break;
      if (c === '|') {
        this.i++;
        alts.push([]);
        continue;
      }
      const atom = this.atom();
      if (!atom) continue;
      alts[alts.length - 1].push({ atom, quantifier: this.quantifier() });
    }
    return alts;
  }

  private atom(): Atom | undefined {
    const src = this.src;
    const c = src[this.i];
    if (c === '(') {
      this.i++;
      let lookaround = false;
      if (src[this.i] === '?') {
        const m = /^\?(?::|=|!|<=|<!|<[A-Za-z_$][\w$]*>)/.exec(src.slice(this.i));
        if (m) {
          lookaround = m[0] !== '?:' && !m[0].startsWith('?<') || m[0] === '?<=' || m[0] === '?<!';
          this.i += m[0].length;
        }
      }
      const alternatives = this.alternatives();
      if (src[this.i] === ')') this.i++;
      return { kind: 'group', alternatives, lookaround };
    }
    if (c === '[') {
      const start = this.i;
      this.i++;
      if (src[this.i] === '^') this.i++;
      if (src[this.i] === ']') this.i++;
      while (this.i < src.length && src[this.i] !== ']') this.i += src[this.i] === '\\' ? 2 : 1;
      this.i++;
      return { kind: 'char', source: src.slice(start, this.i) };
    }
    if (c === '\\') {
      const next = src[this.i + 1] ?? '';
      this.i += 2;
      if (next === 'b' || next === 'B') return { kind: 'assertion' };
      if (/[1-9]/.test(next)) {
        while (/[0-9]/.test(src[this.i] ?? '')) this.i++;
        return { kind: 'assertion' };
      }
      if (next === 'k' && src[this.i] === '<') {
        while (this.i < src.length && src[this.i] !== '>') this.i++;
        this.i++;
        return { kind: 'assertion' };
      }
      if ((next === 'u' || next === 'x') && src[this.i] !== '{') {
        const len = next === 'u' ? 4 : 2;
        const escape = src.slice(this.i - 2, this.i + len);
        this.i += len;
        return { kind: 'char', source: escape };
      }
      if ((next === 'p' || next === 'P' || next === 'u') && src[this.i] === '{') {
        const start = this.i - 2;
        while (this.i < src.length && src[this.i] !== '}') this.i++;
        this.i++;
        return { kind: 'char', source: src.slice(start, this.i) };
      }
      return { kind: 'char', source: '\\' + next };
    }
    this.i++;
    if (c === '^') return { kind: 'assertion' };
    if (c === '$') return { kind: 'end' };
    return { kind: 'char', source: c };
  }

  private quantifier(): Quantifier {
    const src = this.src;
    const c = src[this.i];
    let q: Quantifier | undefined;
    if (c === '*') q = { min: 0, max: Infinity };
    else if (c === '+') q = { min: 1, max: Infinity };
    else if (c === '?') q = { min: 0, max: 1 };
    if (q) {
      this.i++;
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(this.i));
      if (!m) return ONCE;
      this.i += m[0].length;
      const min = Number(m[1]);
      q = { min, max: m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]) };
    } else {
      return ONCE;
    }
    if (src[this.i] === '?' || src[this.i] === '+') this.i++;
    return q;
  }
}

function charMatcher(source: string, flags: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${source})$`, flags.replace(/[gy]/g, ''));
  } catch {
    return undefined;
  }
}

/** Which sample characters an item can start with (for a group: any character it contains). */
function charsOf(item: Item, flags: string): Set<string> {
  const out = new Set<string>();
  const visit = (atom: Atom) => {
    if (atom.kind === 'char') {
      const re = charMatcher(atom.source, flags);
      if (!re) {
        for (const ch of SAMPLE) out.add(ch);
        return;
      }
      for (const ch of SAMPLE) if (re.test(ch)) out.add(ch);
    } else if (atom.kind === 'group' && !atom.lookaround) {
      for (const alt of atom.alternatives) for (const i of alt) visit(i.atom);
    }
  };
  visit(item.atom);
  return out;
}

function isNullable(item: Item): boolean {
  if (item.quantifier.min === 0) return true;
  const atom = item.atom;
  if (atom.kind === 'assertion' || atom.kind === 'end') return true;
  if (atom.kind === 'group') return atom.lookaround || atom.alternatives.some((alt) => alt.every(isNullable));
  return false;
}

function overlaps(a: Set<string>, b: Set<string>): boolean {
  for (const ch of a) if (b.has(ch)) return true;
  return false;
}

/** One alternative of a repeated group can split the same text in many ways. */
function isAmbiguous(alt: Item[], flags: string): boolean {
  return alt.some((inner, index) => {
    if (inner.quantifier.max !== Infinity) return false;
    const innerChars = charsOf(inner, flags);
    if (innerChars.size === 0) return false;
    return alt.every((other, j) => j === index || isNullable(other) || overlaps(innerChars, charsOf(other, flags)));
  });
}

/** Whether something after position `index` in `seq` (or after the enclosing groups) can make the match fail. */
function canFailAfter(path: Array<{ seq: Item[]; index: number }>): boolean {
  for (let level = path.length - 1; level >= 0; level--) {
    const { seq, index } = path[level];
    for (const item of seq.slice(index + 1)) {
      if (item.atom.kind === 'end' || !isNullable(item)) return true;
      if (item.atom.kind === 'group' && item.atom.lookaround) return true;
    }
  }
  return false;
}

export interface CatastrophicPattern {
  /** The repeated group's source text, for messages. */
  group: string;
}

/** The first group in `pattern` that backtracks exponentially on a failing input, if any. */
export function findCatastrophicBacktracking(pattern: string, flags = ''): CatastrophicPattern | undefined {
  if (pattern.length > 2000) return undefined;
  let alternatives: Item[][];
  try {
    alternatives = new Parser(pattern).parse();
  } catch {
    return undefined;
  }
  let found: Item | undefined;
  const search = (alts: Item[][], path: Array<{ seq: Item[]; index: number }>): void => {
    for (const seq of alts) {
      seq.forEach((item, index) => {
        if (found || item.atom.kind !== 'group' || item.atom.lookaround) return;
        const here = [...path, { seq, index }];
        if (item.quantifier.max === Infinity && item.atom.alternatives.some((alt) => isAmbiguous(alt, flags)) && canFailAfter(here)) {
          found = item;
          return;
        }
        search(item.atom.alternatives, here);
      });
    }
  };
  search(alternatives, []);
  return found ? { group: render(found) } : undefined;
}

function render(item: Item): string {
  const atom = item.atom;
  let text: string;
  if (atom.kind === 'char') text = atom.source;
  else if (atom.kind === 'group') text = `(${atom.alternatives.map((alt) => alt.map(render).join('')).join('|')})`;
  else text = atom.kind === 'end' ? '$' : '';
  const { min, max } = item.quantifier;
  if (min === 1 && max === 1) return text;
  if (min === 0 && max === Infinity) return text + '*';
  if (min === 1 && max === Infinity) return text + '+';
  if (min === 0 && max === 1) return text + '?';
  return `${text}{${min},${max === Infinity ? '' : max}}`;
}
