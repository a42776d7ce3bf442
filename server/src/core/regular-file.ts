/**
 * Reads source files, and only regular files. Opening a FIFO for reading blocks
 * until something writes to it, which for a FIFO named `helpers.py` is never: the
 * CLI hung in `open()` and the language server froze. Devices, sockets and
 * folders are no source either. The path is checked with `stat` before it is
 * opened, and opened non-blocking and checked again, so that a file swapped for
 * a FIFO in between cannot block either.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync, statSync, type Stats } from 'node:fs';
import { UnanalysableFileError } from './errors';
import { decodeSource } from './source-screening';

/** Thrown for a path that exists but is not a regular file. */
export class NotRegularFileError extends UnanalysableFileError {
  constructor(readonly kind: string) {
    super(`skipped: this is a ${kind}, not a regular file; Loopwise reads only regular files`);
    this.name = 'NotRegularFileError';
  }
}

function kindOf(stat: Stats): string | undefined {
  if (stat.isFile()) return undefined;
  if (stat.isFIFO()) return 'FIFO (named pipe)';
  if (stat.isDirectory()) return 'folder';
  if (stat.isSocket()) return 'socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'device';
  return 'special file';
}

/** Whether `path` is a regular file (following links); false when it does not exist. */
export function isRegularFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}

/** Whether something other than a regular file (a FIFO, a folder, a device) is at `path`. */
export function existsButNotRegular(path: string): boolean {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat !== undefined && !stat.isFile();
}

/**
 * The bytes of a regular file. Throws `NotRegularFileError` for anything else,
 * and the usual `ENOENT`/`EACCES` errors for a file that cannot be opened.
 */
export function readRegularFile(path: string): Buffer {
  const before = kindOf(statSync(path));
  if (before) throw new NotRegularFileError(before);
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const now = kindOf(fstatSync(fd));
    if (now) throw new NotRegularFileError(now);
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The decoded text of a regular source file, or undefined when it cannot be read as text (or is over `maxBytes`). */
export function readSourceText(path: string, maxBytes = Infinity): string | undefined {
  try {
    if (statSync(path).size > maxBytes) return undefined;
    return decodeSource(readRegularFile(path));
  } catch {
    return undefined;
  }
}
