/**
 * Screens a file before a parser sees it, so that one bad file gets a clear note
 * instead of taking the analysis of its neighbours down with it.
 */
import { UnanalysableFileError } from './errors';

export const MAX_FILE_BYTES = 2 * 1024 * 1024;
export const MAX_NESTING = 400;

/** Which comment syntax the nesting scan skips. */
export type SourceLanguage = 'typescript' | 'python';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const PROBE_BYTES = 8192;

/** Decodes and screens file bytes; throws `UnanalysableFileError` with the reason. */
export function screenSource(bytes: Uint8Array, language: SourceLanguage = 'typescript'): string {
  if (bytes.length > MAX_FILE_BYTES) {
    throw new UnanalysableFileError(`skipped: the file is ${(bytes.length / 1024 / 1024).toFixed(1)} MB, over Loopwise's ${MAX_FILE_BYTES / 1024 / 1024} MB limit (generated or minified code?)`);
  }
  const text = decodeSource(bytes);
  screenText(text, language);
  return text;
}

/**
 * The text of source bytes: UTF-8 (a BOM is dropped, as the compilers do), or
 * UTF-16 when a byte-order mark says so. Throws `UnanalysableFileError` for
 * bytes that are not text.
 */
export function decodeSource(bytes: Uint8Array): string {
  const utf16 = bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le'
    : bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;
  if (utf16) {
    try {
      // The decoder drops the BOM itself.
      return new TextDecoder(utf16, { fatal: true }).decode(bytes);
    } catch {
      throw new UnanalysableFileError(`skipped: the file starts with a ${utf16.toUpperCase()} byte-order mark but is not valid ${utf16.toUpperCase()}`);
    }
  }
  const probe = bytes.subarray(0, PROBE_BYTES);
  if (looksUtf16WithoutBom(probe)) throw new UnanalysableFileError('skipped: the file looks UTF-16 encoded without a byte-order mark; save it as UTF-8 (or UTF-16 with a BOM) to have it analysed');
  if (looksBinary(probe)) throw new UnanalysableFileError('skipped: the file looks binary (it is full of NUL and control bytes)');
  try {
    return utf8.decode(bytes);
  } catch {
    throw new UnanalysableFileError('skipped: the file is not valid UTF-8');
  }
}

/**
 * Object code, images and archives are full of NUL and control bytes; source
 * text has at most a stray one (a literal NUL in a string is valid TypeScript
 * and Python). A few per cent of the first 8 KB is the line.
 */
function looksBinary(probe: ArrayLike<number>): boolean {
  let suspicious = 0;
  for (let i = 0; i < probe.length; i++) {
    const b = probe[i];
    // NUL, and controls other than \b \t \n \v \f \r and ESC (colour codes in fixtures).
    if (b < 8 || (b > 13 && b < 32 && b !== 27)) suspicious++;
  }
  return suspicious >= 4 && suspicious * 64 > probe.length;
}

/** ASCII-range text saved as UTF-16: every other byte is NUL. */
function looksUtf16WithoutBom(probe: ArrayLike<number>): boolean {
  if (probe.length < 16) return false;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i + 1 < probe.length; i += 2) {
    if (probe[i] === 0) evenNul++;
    if (probe[i + 1] === 0) oddNul++;
  }
  const pairs = Math.floor(probe.length / 2);
  return (oddNul > pairs * 0.6 && evenNul < pairs * 0.05) || (evenNul > pairs * 0.6 && oddNul < pairs * 0.05);
}

/** Screens text already decoded (an editor buffer). */
export function screenText(text: string, language: SourceLanguage = 'typescript'): void {
  if (text.length > MAX_FILE_BYTES) {
    throw new UnanalysableFileError(`skipped: the file is over Loopwise's ${MAX_FILE_BYTES / 1024 / 1024} MB limit (generated or minified code?)`);
  }
  const probe: number[] = [];
  for (let i = 0; i < Math.min(text.length, PROBE_BYTES); i++) probe.push(text.charCodeAt(i));
  if (looksBinary(probe)) throw new UnanalysableFileError('skipped: the file looks binary (it is full of NUL and control characters)');
  const nesting = measureNesting(text, language);
  if (nesting.depth > MAX_NESTING) {
    throw new UnanalysableFileError(`skipped: ${nesting.what} nest ${nesting.depth} levels deep (line ${nesting.line}), over Loopwise's limit of ${MAX_NESTING}`);
  }
}

/** Bracket depth, ignoring brackets inside string literals and comments well enough for a guard. */
export function maxBracketDepth(text: string, language: SourceLanguage = 'typescript'): number {
  return measureNesting(text, language).brackets;
}

export interface Nesting {
  /** The deepest brackets, `${…}` and prefix operators (`!`, `await`, `not`, …) reach together. */
  depth: number;
  /** The deepest the brackets alone reach. */
  brackets: number;
  /** What made the deepest point: for the note. */
  what: string;
  /** 1-based line of the deepest point. */
  line: number;
}

const PREFIX_KEYWORDS: Record<SourceLanguage, Set<string>> = {
  typescript: new Set(['await', 'typeof', 'void', 'delete', 'yield', 'new']),
  python: new Set(['await', 'not', 'lambda']),
};

const PREFIX_INITIALS = new Set([...PREFIX_KEYWORDS.typescript, ...PREFIX_KEYWORDS.python].map((w) => w.charCodeAt(0)));
const TEMPLATE_HOLE = 2;
const BRACKET = 1;

/**
 * How deep the code nests, as the parsers recurse on it: brackets (`${…}` in a
 * template literal counts, and the template's text does not), and chains of
 * prefix operators such as `!!!x` or `await await x`, which nest as deeply as
 * brackets without showing any. One pass, no allocation per character.
 */
export function measureNesting(text: string, language: SourceLanguage = 'typescript'): Nesting {
  const python = language === 'python';
  const prefixKeywords = PREFIX_KEYWORDS[language];
  // What each open bracket was: a bracket, or the `${` of a template literal.
  const stack: number[] = [];
  let brackets = 0;
  let maxBrackets = 0;
  // Prefix operators in a row; an opening bracket between them does not break the run.
  let run = 0;
  let depth = 0;
  let deepestAt = 0;
  let deepestUnary = false;
  // The last significant character, to tell a prefix `-` from a binary one.
  let last = 0;
  const note = (i: number) => {
    const d = brackets + run;
    if (d > depth) {
      depth = d;
      deepestAt = i;
      deepestUnary = run > 0;
    }
  };
  let i = 0;
  const n = text.length;
  const inTemplate = (): void => {
    // Scans template text up to its end (back to code) or a `${` (a hole).
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 92 /* \ */) i += 2;
      else if (c === 96 /* ` */) {
        i++;
        last = 96;
        return;
      } else if (c === 36 /* $ */ && text.charCodeAt(i + 1) === 123 /* { */) {
        i += 2;
        stack.push(TEMPLATE_HOLE);
        run = 0;
        brackets++;
        if (brackets > maxBrackets) maxBrackets = brackets;
        note(i);
        last = 123;
        return;
      } else i++;
    }
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    // Whitespace.
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
      continue;
    }
    // Comments.
    if (python ? c === 35 /* # */ : c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? n : end;
      continue;
    }
    if (!python && c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
      continue;
    }
    // Strings.
    if (c === 34 || c === 39 || (c === 96 && !python)) {
      run = 0;
      if (c === 96) {
        i++;
        inTemplate();
        continue;
      }
      if (python && text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c) {
        const quote = text.slice(i, i + 3);
        let j = i + 3;
        for (; j < n; j++) {
          if (text.charCodeAt(j) === 92) j++;
          else if (text.startsWith(quote, j)) break;
        }
        i = j + 3;
        last = c;
        continue;
      }
      let j = i + 1;
      for (; j < n; j++) {
        const d = text.charCodeAt(j);
        if (d === 92) j++;
        else if (d === c || d === 10) break;
      }
      i = j + 1;
      last = c;
      continue;
    }
    // Words: a prefix keyword extends the run, any other word ends it.
    if (isWordStart(c)) {
      let j = i + 1;
      while (j < n && isWordPart(text.charCodeAt(j))) j++;
      // Only a few first letters can start a prefix keyword: most words are not sliced.
      if (PREFIX_INITIALS.has(c) && prefixKeywords.has(text.slice(i, j))) {
        run++;
        note(i);
        last = 33; // like `!`: a following `-` is a prefix
      } else {
        run = 0;
        last = 97; // like an identifier
      }
      i = j;
      continue;
    }
    if (c >= 48 && c <= 57) {
      run = 0;
      while (i < n && isWordPart(text.charCodeAt(i))) i++;
      last = 48;
      continue;
    }
    switch (c) {
      case 40: case 91: case 123: // ( [ {
        stack.push(BRACKET);
        brackets++;
        if (brackets > maxBrackets) maxBrackets = brackets;
        note(i);
        break;
      case 41: case 93: case 125: { // ) ] }
        const kind = stack.pop();
        if (brackets > 0) brackets--;
        // A closing bracket ends the operand of the prefix operators before it.
        run = 0;
        if (kind === TEMPLATE_HOLE) {
          i++;
          inTemplate();
          continue;
        }
        break;
      }
      case 33: case 126: // ! ~
        if (text.charCodeAt(i + 1) === 61 /* = */) run = 0; // != is binary
        else {
          run++;
          note(i);
        }
        break;
      case 43: case 45: // + -
        if (isOperand(last)) run = 0;
        else {
          run++;
          note(i);
        }
        break;
      default:
        run = 0;
    }
    last = c;
    i++;
  }
  let line = 1;
  for (let k = text.indexOf('\n'); k !== -1 && k < deepestAt; k = text.indexOf('\n', k + 1)) line++;
  return { depth, brackets: maxBrackets, what: deepestUnary ? 'brackets and prefix operators (such as `!`, `-` or `await`)' : 'brackets', line };
}

function isWordStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c > 127;
}

function isWordPart(c: number): boolean {
  return isWordStart(c) || (c >= 48 && c <= 57);
}

/** After these, `-` and `+` are binary: an identifier, a number, a closing bracket or a string. */
function isOperand(last: number): boolean {
  return last === 97 || last === 48 || last === 41 || last === 93 || last === 125 || last === 34 || last === 39 || last === 96;
}
