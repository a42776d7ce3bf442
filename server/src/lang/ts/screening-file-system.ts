/**
 * The file system the ts-morph projects read through. Source files are screened
 * before the compiler parses them (binary, not UTF-8, oversized, nested too
 * deeply); a file that fails is recorded and read as empty, so that neither the
 * file nor anything that imports it can take the compiler down.
 */
import { RealFileSystemHost } from '@ts-morph/common';
import { ts } from './compiler';
import { UnanalysableFileError } from '../../core/errors';
import { screenSource } from '../../core/source-screening';
import { existsButNotRegular, NotRegularFileError, readRegularFile } from '../../core/regular-file';

/**
 * Above this many `?`, `=>` and `if`, a trial parse first: the parser recurses on
 * nesting (chained ternaries, curried arrows, `if (c) if (c) …`, long `else if`
 * chains) that neither brackets nor prefix operators show.
 */
const TRIAL_PARSE_OPERATORS = 1500;

function countOperators(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 63 /* ? */ || (c === 61 /* = */ && text.charCodeAt(i + 1) === 62 /* > */)) count++;
    else if (c === 105 /* i */ && text.charCodeAt(i + 1) === 102 /* f */ && !isWordChar(text.charCodeAt(i - 1)) && !isWordChar(text.charCodeAt(i + 2))) count++;
  }
  return count;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
}

/** Throws `UnanalysableFileError` if the TypeScript parser would overflow the stack on this text. */
export function assertParsable(fileName: string, text: string): void {
  if (countOperators(text) < TRIAL_PARSE_OPERATORS) return;
  try {
    ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  } catch (error) {
    if (error instanceof RangeError) throw new UnanalysableFileError('skipped: the code is nested too deeply for the TypeScript parser');
    throw error;
  }
}

export class ScreeningFileSystemHost extends RealFileSystemHost {
  constructor(
    private readonly shouldScreen: (path: string) => boolean,
    private readonly onSkipped: (path: string, reason: string) => void,
    /** A file already found unanalysable reads as empty: it is never parsed again. */
    private readonly isSkipped: (path: string) => boolean = () => false,
  ) {
    super();
  }

  override readFileSync(filePath: string, encoding?: string): string {
    if (!this.shouldScreen(filePath)) {
      // Declaration files, JSON: no screen, but a FIFO must not block here either.
      if (existsButNotRegular(filePath)) return '';
      return super.readFileSync(filePath, encoding);
    }
    if (this.isSkipped(filePath)) return '';
    let bytes: Buffer;
    try {
      bytes = readRegularFile(filePath);
    } catch (error) {
      if (error instanceof NotRegularFileError) {
        this.onSkipped(filePath, error.message);
        return '';
      }
      // Let the base class raise the error ts-morph understands (file not found and so on).
      return super.readFileSync(filePath, encoding);
    }
    return this.screen(filePath, bytes);
  }

  override async readFile(filePath: string, encoding?: string): Promise<string> {
    return this.readFileSync(filePath, encoding);
  }

  private screen(filePath: string, bytes: Buffer): string {
    try {
      const text = screenSource(bytes);
      assertParsable(filePath, text);
      return text;
    } catch (error) {
      if (!(error instanceof UnanalysableFileError)) throw error;
      this.onSkipped(filePath, error.message);
      return '';
    }
  }
}
