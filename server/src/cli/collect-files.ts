/**
 * The CLI's walk over the folders it is given. Symbolic links are followed
 * inside those folders and each folder and file is visited once, by its real
 * path: two links back to a parent made the walk exponential, and `self -> .`
 * reported every file 41 times. A link that leads out of the given folders is
 * not followed unless asked (`--follow-symlinks`): it walked into /etc, and
 * reported what it found there under in-folder paths. Nothing from another
 * user's tree is read as ours.
 */
import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';

export interface CollectOptions {
  /** Follow links that lead out of the given folders too. */
  followSymlinks?: boolean;
  /** A path the walk did not take, with why (a link out of the tree). */
  onSkipped?: (path: string, reason: string) => void;
}

/** Every analysable file under the given paths, in a stable order; `onMissing` for a given path that does not exist. */
export function collectSourceFiles(paths: string[], handles: (file: string) => boolean, onMissing: (path: string) => void, options: CollectOptions = {}): string[] {
  const files: string[] = [];
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();
  const realRoots = paths.map((p) => realOrSelf(resolve(p)));
  const inside = (real: string) => realRoots.some((root) => real === root || real.startsWith(root.endsWith(sep) ? root : root + sep));
  const visit = (path: string, explicit: boolean) => {
    let link;
    try {
      link = lstatSync(path);
    } catch {
      if (explicit) onMissing(path);
      return;
    }
    let real: string;
    let stat;
    try {
      real = realpathSync(path);
      stat = link.isSymbolicLink() ? statSync(path) : link;
    } catch {
      if (explicit) onMissing(path);
      return; // a broken link
    }
    const isDirectory = stat.isDirectory();
    if (link.isSymbolicLink() && !explicit && !options.followSymlinks && !inside(real)) {
      if (isDirectory || handles(path)) {
        options.onSkipped?.(path, `not followed: a symbolic link to ${real}, outside the folders given (pass --follow-symlinks to follow it)`);
      }
      return;
    }
    if (isDirectory) {
      if (seenDirs.has(real)) return;
      seenDirs.add(real);
      let entries: string[];
      try {
        entries = readdirSync(path).sort();
      } catch {
        return;
      }
      for (const entry of entries) {
        if (entry === 'node_modules' || entry.startsWith('.')) continue;
        visit(join(path, entry), false);
      }
    } else if ((stat.isFile() && handles(path)) || explicit) {
      // A FIFO or device given by name reaches the backends, which read only regular files and say so.
      if (seenFiles.has(real)) return;
      seenFiles.add(real);
      files.push(path);
    }
  };
  for (const p of paths) visit(resolve(p), true);
  return files;
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
