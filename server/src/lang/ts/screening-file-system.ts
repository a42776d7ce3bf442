/**
 * The file system the ts-morph projects read through. Source files are screened
 * before the compiler parses them (binary, not UTF-8, oversized, nested too
 * deeply); a file that fails is recorded and read as empty, so that neither the
 * file nor anything that imports it can take the compiler down.
 */
import { readFileSync } from 'node:fs';
import { RealFileSystemHost } from '@ts-morph/common';
import { ts } from './compiler';
import { UnanalysableFileError } from '../../core/errors';
import { screenSource } from '../../core/source-screening';

/**
 * Above this many `?` and `=>`, a trial parse first: the parser recurses on
 * nesting (chained ternaries, curried arrows) that brackets do not show.
 */
const TRIAL_PARSE_OPERATORS = 1500;

function countOperators(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 63 /* ? */ || (c === 61 /* = */ && text.charCodeAt(i + 1) === 62 /* > */)) count++;
  }
  return count;
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
  ) {
    super();
  }

  override readFileSync(filePath: string, encoding?: string): string {
    if (!this.shouldScreen(filePath)) return super.readFileSync(filePath, encoding);
    let bytes: Buffer;
    try {
      bytes = readFileSync(filePath);
    } catch {
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
