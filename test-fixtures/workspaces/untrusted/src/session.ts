// Scenario "untrusted": linting still works in restricted mode; profiling does not.
import { readFileSync } from 'node:fs';

export async function readSession(id: string): Promise<string> {
  return readFileSync(`/tmp/sessions/${id}.json`, 'utf8');
}

export function fib(n: number): number {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

// A request handler reaches it: a file-system call is reported with such hot-path evidence.
import { createServer } from 'node:http';
export const server = createServer(async (req, res) => res.end(await readSession(String(req.url))));
