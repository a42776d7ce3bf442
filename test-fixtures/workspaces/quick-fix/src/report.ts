// Scenario "quick-fix": the fix turns the blocking read into an awaited fs.promises call.
import * as fs from 'node:fs';

export async function readReport(path: string): Promise<string> {
  const body = fs.readFileSync(path, 'utf8');
  return body.trim();
}

// A request handler reaches it: a file-system call is reported with such hot-path evidence.
import { createServer } from 'node:http';
export const server = createServer(async (req, res) => res.end(await readReport(String(req.url))));
