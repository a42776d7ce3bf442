// Scenario "rule-off": .vscode/settings.json turns blocking-call-in-async off for this folder.
import { readFileSync } from 'node:fs';

export async function readCacheEntry(path: string): Promise<string> {
  return readFileSync(path, 'utf8');
}

// A request handler reaches it: a file-system call is reported with such hot-path evidence.
import { createServer } from 'node:http';
export const server = createServer(async (req, res) => res.end(await readCacheEntry(String(req.url))));
