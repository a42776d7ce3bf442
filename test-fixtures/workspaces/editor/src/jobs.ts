// Scenario "editor": the status item, code lenses, rule docs and the extra quick fixes.
import * as fs from 'node:fs';

export async function loadJob(path: string): Promise<string> {
  const text = fs.readFileSync(path, 'utf8');
  return text.trim();
}

// loopwise-profile-args: [[200000],[200000]]
export function sumSquares(n: number): number {
  let total = 0;
  for (let i = 0; i < n; i++) total += i * i;
  return total;
}

export function double(n: number): number {
  return n * 2;
}

function internalHelper(): number {
  return double(2);
}
void internalHelper;

// A request handler reaches it: a file-system call is reported with such hot-path evidence.
import { createServer } from 'node:http';
export const server = createServer(async (req, res) => res.end(await loadJob(String(req.url))));
