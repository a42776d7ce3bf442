/** Where a rule's documentation lives: `docs/rules/<id>.md`, shipped beside the bundles. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The repo or extension root: `dist/` bundles and `out/server/rules/` builds both find it. */
function packageRoot(): string {
  for (let dir = __dirname, i = 0; i < 6; dir = dirname(dir), i++) {
    if (existsSync(join(dir, 'docs', 'rules'))) return dir;
  }
  return dirname(__dirname);
}

let root: string | undefined;

export function ruleDocsPath(ruleId: string): string {
  root ??= packageRoot();
  return join(root, 'docs', 'rules', `${ruleId}.md`);
}

export function ruleDocsUrl(ruleId: string): string {
  return pathToFileURL(ruleDocsPath(ruleId)).href;
}
