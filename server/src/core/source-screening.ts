/**
 * Screens a file before a parser sees it, so that one bad file gets a clear note
 * instead of taking the analysis of its neighbours down with it.
 */
import { UnanalysableFileError } from './errors';

export const MAX_FILE_BYTES = 2 * 1024 * 1024;
export const MAX_NESTING = 400;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes and screens file bytes; throws `UnanalysableFileError` with the reason. */
export function screenSource(bytes: Uint8Array): string {
  if (bytes.length > MAX_FILE_BYTES) {
    throw new UnanalysableFileError(`skipped: the file is ${(bytes.length / 1024 / 1024).toFixed(1)} MB, over Loopwise's ${MAX_FILE_BYTES / 1024 / 1024} MB limit (generated or minified code?)`);
  }
  const probe = bytes.subarray(0, 8192);
  if (probe.includes(0)) throw new UnanalysableFileError('skipped: the file looks binary (it contains NUL bytes)');
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new UnanalysableFileError('skipped: the file is not valid UTF-8');
  }
  screenText(text);
  return text;
}

/** Screens text already decoded (an editor buffer). */
export function screenText(text: string): void {
  if (text.length > MAX_FILE_BYTES) {
    throw new UnanalysableFileError(`skipped: the file is over Loopwise's ${MAX_FILE_BYTES / 1024 / 1024} MB limit (generated or minified code?)`);
  }
  if (text.includes('\u0000')) throw new UnanalysableFileError('skipped: the file looks binary (it contains NUL bytes)');
  const depth = maxBracketDepth(text);
  if (depth > MAX_NESTING) {
    throw new UnanalysableFileError(`skipped: brackets nest ${depth} levels deep, over Loopwise's limit of ${MAX_NESTING}`);
  }
}

/** Bracket depth, ignoring brackets inside string literals and comments well enough for a guard. */
export function maxBracketDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let quote = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote !== 0) {
      if (c === 92 /* \ */) i++;
      else if (c === quote || c === 10) quote = 0;
      continue;
    }
    switch (c) {
      case 34: case 39: case 96: quote = c; break; // " ' `
      case 40: case 91: case 123: depth++; if (depth > max) max = depth; break;
      case 41: case 93: case 125: if (depth > 0) depth--; break;
    }
  }
  return max;
}
