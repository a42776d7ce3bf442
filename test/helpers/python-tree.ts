/** A throwaway Python project on disk, and the lines blocking-call-in-async reports in one of its files. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DEFAULT_SETTINGS } from '../../server/src/protocol';
import { PythonBackend } from '../../server/src/lang/python/backend';
import { pythonRules } from '../unit/python-test-rules';

const never = { isCancellationRequested: false };

/** Writes `files` (relative path → text) under a new temporary folder and returns it. */
export function pythonTree(files: Record<string, string>, prefix = 'loopwise-py-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** The 1-based lines of the blocking-call-in-async findings in `file` of the project at `root`. */
export async function blockingLines(root: string, file: string): Promise<number[]> {
  const backend = new PythonBackend([root], pythonRules);
  const findings = await backend.analyzeFile(join(root, file), DEFAULT_SETTINGS, never);
  const text = readFileSync(join(root, file), 'utf8');
  return findings.filter((f) => f.rule === 'blocking-call-in-async').map((f) => text.slice(0, f.start).split('\n').length);
}
