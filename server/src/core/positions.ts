/**
 * The one line index: offsets to zero-based line/character positions (UTF-16 code
 * units, as LSP counts by default) and back, lines broken at \n, \r\n and a lone \r
 * as LSP breaks them. The engine, the LSP, the CLI and the suppression comments use it.
 */

export interface Position {
  line: number;
  character: number;
}

export class LineMap {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) this.starts.push(i + 1);
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** The zero-based line the offset is on (offsets past the end are on the last line). */
  lineOf(offset: number): number {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /** The offset where a line starts, or undefined past the last line. */
  startOfLine(line: number): number | undefined {
    return this.starts[line];
  }

  positionAt(offset: number): Position {
    const line = this.lineOf(offset);
    return { line, character: Math.max(0, Math.min(offset, this.text.length)) - this.starts[line] };
  }

  offsetAt(position: Position): number {
    const start = this.starts[Math.min(Math.max(position.line, 0), this.starts.length - 1)] ?? 0;
    return Math.min(start + position.character, this.text.length);
  }
}

/** The offset where the line holding `offset` starts (the text's own \n line breaks, for edits). */
export function lineStartAt(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The offset of the line break ending the line that holds `offset`, or the text's length. */
export function lineEndAt(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i === -1 ? text.length : i;
}
