// Scenario "quick-fix": the fix turns the blocking read into an awaited fs.promises call.
import * as fs from 'node:fs';

export async function readReport(path: string): Promise<string> {
  const body = fs.readFileSync(path, 'utf8');
  return body.trim();
}
