/** Thrown by a backend when a file cannot be analysed at all (binary, too large, unreadable). */
export class UnanalysableFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnanalysableFileError';
  }
}
