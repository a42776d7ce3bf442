// A catch block runs once per failure, not once per request; the try block is still read.
import { appendFileSync, readFileSync, writeFileSync } from 'fs';
import { createServer } from 'node:http';

function saveCrashReport(error: unknown): void {
  writeFileSync('/var/log/app/crash.json', JSON.stringify(String(error)));
}

export async function handle(path: string): Promise<string> {
  try {
    return readFileSync(path, 'utf8');
    //     ^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  } catch (error) {
    appendFileSync('/var/log/app/errors.log', `${path}: ${String(error)}\n`);
    saveCrashReport(error);
    return '';
  }
}

// Hot-path evidence: a file-system call is reported when a request handler reaches it.
export const server = createServer(async (req, res) => res.end(await handle(String(req.url))));
