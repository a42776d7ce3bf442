/**
 * Python `re` patterns in JavaScript syntax, so that the one super-linear
 * analysis (core/super-linear-regex.ts) reads both languages. Only what maps
 * exactly is translated: named groups and their references, `\A`/`\Z`, `{,n}`,
 * a leading `]` in a class, comments, and global inline flags. What does not map
 * (verbose mode, scoped flags, possessive quantifiers, atomic groups,
 * conditionals, `\N{…}`, locale flags) is skipped: no finding, and one line in
 * the debug log (NODE_DEBUG=loopwise-regex), counted by `skippedPatterns`.
 */
import { debuglog } from 'node:util';

const log = debuglog('loopwise-regex');
let skipped = 0;

/** How many Python patterns were left unanalysed because their syntax does not map, since start-up. */
export function skippedPatterns(): number {
  return skipped;
}

function skip(pattern: string, why: string): undefined {
  skipped++;
  log('skipped Python pattern %j (%s); %d skipped so far', pattern.slice(0, 80), why, skipped);
  return undefined;
}

/** `re.I`, `re.IGNORECASE`, … by their short and long names, as JavaScript flags ('' for no-ops). */
const FLAG_NAMES: Record<string, string | undefined> = {
  I: 'i', IGNORECASE: 'i', M: 'm', MULTILINE: 'm', S: 's', DOTALL: 's',
  A: '', ASCII: '', U: '', UNICODE: '',
  // Verbose, locale and debug change the syntax or the classes: not mapped.
  X: undefined, VERBOSE: undefined, L: undefined, LOCALE: undefined, DEBUG: undefined, T: undefined, TEMPLATE: undefined, NOFLAG: '',
};
const INLINE_FLAGS: Record<string, string | undefined> = { i: 'i', m: 'm', s: 's', a: '', u: '', x: undefined, L: undefined };

/** JavaScript flags for the `re` flag names given (`['I', 'M']`), or undefined if one does not map. */
export function jsFlagsOf(names: readonly string[]): string | undefined {
  let flags = '';
  for (const name of names) {
    const f = FLAG_NAMES[name];
    if (f === undefined) return skip(names.join('|'), `flag re.${name}`);
    if (!flags.includes(f)) flags += f;
  }
  return flags;
}

/**
 * The pattern in JavaScript syntax with its flags, or undefined when some
 * construct has no exact JavaScript equivalent.
 */
export function pythonPatternToJs(pattern: string, flags: string): { source: string; flags: string } | undefined {
  let out = '';
  let i = 0;
  let allFlags = flags;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      const next = pattern[i + 1];
      if (next === undefined) return skip(pattern, 'trailing backslash');
      if (next === 'A') out += '(?<![\\s\\S])';
      else if (next === 'Z') out += '(?![\\s\\S])';
      else if (next === 'N' || next === 'U') return skip(pattern, `\\${next}`);
      else if (next === 'z' || next === 'G') return skip(pattern, `\\${next}`);
      else out += c + next;
      i += 2;
      continue;
    }
    if (c === '[') {
      // A class is copied whole: its contents mean the same in both, except that
      // Python takes a `]` right after `[` or `[^` as a literal.
      let j = i + 1;
      let cls = '[';
      if (pattern[j] === '^') {
        cls += '^';
        j++;
      }
      if (pattern[j] === ']') {
        cls += '\\]';
        j++;
      }
      while (j < pattern.length && pattern[j] !== ']') {
        if (pattern[j] === '\\') {
          cls += pattern.slice(j, j + 2);
          j += 2;
        } else {
          // A nested `[` is literal in both; JavaScript without the v flag agrees.
          cls += pattern[j];
          j++;
        }
      }
      if (j >= pattern.length) return skip(pattern, 'unterminated class');
      out += cls + ']';
      i = j + 1;
      continue;
    }
    if (c === '(' && pattern[i + 1] === '?') {
      const rest = pattern.slice(i + 2);
      let m: RegExpExecArray | null;
      if ((m = /^P<([A-Za-z_]\w*)>/.exec(rest))) {
        out += `(?<${m[1]}>`;
        i += 2 + m[0].length;
      } else if ((m = /^P=([A-Za-z_]\w*)\)/.exec(rest))) {
        out += `\\k<${m[1]}>`;
        i += 2 + m[0].length;
      } else if (rest.startsWith('#')) {
        const close = pattern.indexOf(')', i);
        if (close < 0) return skip(pattern, 'unterminated comment');
        i = close + 1;
      } else if ((m = /^([aiLmsux]+)\)/.exec(rest))) {
        // Global inline flags, e.g. `(?i)`.
        for (const f of m[1]) {
          const js = INLINE_FLAGS[f];
          if (js === undefined) return skip(pattern, `inline flag ${f}`);
          if (!allFlags.includes(js)) allFlags += js;
        }
        i += 2 + m[0].length;
      } else if (/^(?::|=|!|<=|<!)/.test(rest)) {
        out += '(?';
        i += 2;
      } else {
        // Scoped flags `(?i:…)`, atomic groups `(?>…)`, conditionals `(?(1)…)`.
        return skip(pattern, `group (?${rest.slice(0, 3)}`);
      }
      continue;
    }
    if (c === '{') {
      const m = /^\{(\d*),(\d*)\}/.exec(pattern.slice(i)) ?? /^\{(\d+)\}/.exec(pattern.slice(i));
      if (m) {
        // Python's `{,n}` is `{0,n}`.
        out += m[0].startsWith('{,') ? `{0${m[0].slice(1)}` : m[0];
        i += m[0].length;
        if (pattern[i] === '+') return skip(pattern, 'possessive quantifier');
        continue;
      }
      // Python takes a `{` that starts no quantifier as a literal, as JavaScript does without the u flag.
      out += '\\{';
      i++;
      continue;
    }
    if ((c === '*' || c === '+' || c === '?') && pattern[i + 1] === '+') return skip(pattern, 'possessive quantifier');
    if (c === '}') {
      out += '\\}';
      i++;
      continue;
    }
    out += c;
    i++;
  }
  return { source: out, flags: allFlags };
}

/** A JavaScript rewrite back in Python syntax, for the fix advice, or undefined if it uses JavaScript-only syntax. */
export function jsPatternToPython(source: string): string | undefined {
  const py = source.replace(/\(\?<([A-Za-z_]\w*)>/g, '(?P<$1>').replace(/\\k<([A-Za-z_]\w*)>/g, '(?P=$1)');
  return /\\[cu]|\(\?<![=!]/.test(py.replace(/\(\?<[=!]/g, '')) ? undefined : py;
}

/**
 * The value of a Python string literal's source text (`r'\d+'`, `"a\\.b"`), or
 * undefined for f-strings, byte strings with non-ASCII escapes, and anything unusual.
 */
export function pythonStringValue(literal: string): string | undefined {
  const m = /^([rRuUbB]{0,2})('''|"""|'|")([\s\S]*)\2$/.exec(literal);
  if (!m) return undefined;
  const prefix = m[1].toLowerCase();
  const body = m[3];
  if (prefix.includes('r')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = body[i + 1];
    i++;
    const simple: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\n': '' };
    if (n in simple) out += simple[n];
    else if (n === 'x' && /^[0-9a-fA-F]{2}$/.test(body.slice(i + 1, i + 3))) {
      out += String.fromCharCode(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (n === 'u' && !prefix.includes('b') && /^[0-9a-fA-F]{4}$/.test(body.slice(i + 1, i + 5))) {
      out += String.fromCharCode(parseInt(body.slice(i + 1, i + 5), 16));
      i += 4;
    } else if (/[0-7]/.test(n) || n === 'N' || n === 'U' || n === 'u') return undefined;
    // An unknown escape keeps its backslash: "\d" is the two characters \ and d.
    else out += '\\' + n;
  }
  return out;
}
