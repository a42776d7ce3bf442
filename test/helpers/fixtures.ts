/**
 * The rule fixtures on disk: which files are fixtures, which are left-alone
 * fixtures (named `ok-<topic>.ts|js` or `ok_<topic>.py`), and where a fixture's
 * fix expectation sits (`<name>.fixed.<ext>` beside it, like rust-analyzer's
 * check_fix; the expectation is never itself a fixture).
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

const SOURCE = /\.(?:[cm]?[jt]s|[jt]sx|py)$/;

export function isFixedExpectation(path: string): boolean {
  return /\.fixed\.[^.]+$/.test(path);
}

export function listFixtures(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...listFixtures(path));
    else if (SOURCE.test(entry) && !entry.endsWith('.d.ts') && !isFixedExpectation(entry)) out.push(path);
  }
  return out;
}

/** `named-imports.ts` → `named-imports.fixed.ts`; `loops.py` → `loops.fixed.py`. */
export function fixedPathOf(fixture: string): string {
  return fixture.replace(/(\.[^./]+)$/, '.fixed$1');
}

/** A left-alone fixture by name: it must expect no finding at all. */
export function isLeftAloneFixture(path: string): boolean {
  return /^ok[-_]/.test(basename(path));
}
