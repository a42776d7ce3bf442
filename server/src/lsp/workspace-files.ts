/**
 * The analysable files under the workspace folders, for workspace diagnostics and
 * the start-up log. It never follows a symbolic link (a link may point out of the
 * tree, or loop), skips node_modules and dot-folders as the CLI does, and skips
 * anything that is not a regular file (a FIFO would block a read forever).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface WorkspaceFiles {
  /** Files some backend handles, sorted per folder. */
  files: string[];
  /** tsconfig*.json files found on the way, which decide the TypeScript projects. */
  tsconfigs: string[];
  /** True when the walk stopped at `limit` files. */
  truncated: boolean;
}

export function listWorkspaceFiles(roots: readonly string[], handles: (file: string) => boolean, limit = Number.POSITIVE_INFINITY): WorkspaceFiles {
  const result: WorkspaceFiles = { files: [], tsconfigs: [], truncated: false };
  const stack = [...roots].reverse();
  while (stack.length > 0) {
    const dir = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      // Unreadable folder (permissions, removed meanwhile): nothing under it to report.
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    for (const entry of entries) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) subdirs.push(path);
      else if (entry.isFile()) {
        if (/^tsconfig.*\.json$/.test(entry.name)) result.tsconfigs.push(path);
        else if (handles(path)) {
          if (result.files.length >= limit) {
            result.truncated = true;
            return result;
          }
          result.files.push(path);
        }
      }
    }
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]);
  }
  return result;
}
