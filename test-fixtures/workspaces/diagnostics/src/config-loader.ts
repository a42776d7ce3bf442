// Scenario "diagnostics": one blocking call in an async function.
import { readFileSync } from 'node:fs';

export async function loadConfig(path: string): Promise<unknown> {
  const text = readFileSync(path, 'utf8');
  return JSON.parse(text);
}

// Synchronous code may block: nothing here is flagged.
export function loadConfigAtStartup(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

// A request handler reaches it: a file-system call is reported with such hot-path evidence.
import { createServer } from 'node:http';
export const server = createServer(async (req, res) => res.end(JSON.stringify(await loadConfig(String(req.url)))));
