// Scenario "rule-off": .vscode/settings.json turns blocking-call-in-async off for this folder.
import { readFileSync } from 'node:fs';

export async function readCacheEntry(path: string): Promise<string> {
  return readFileSync(path, 'utf8');
}
