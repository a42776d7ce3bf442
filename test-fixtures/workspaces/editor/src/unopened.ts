// Scenario "editor": no test opens this file; workspace diagnostics report it anyway.
import { execSync } from 'node:child_process';

export async function gitHead(): Promise<string> {
  return execSync('git rev-parse HEAD').toString().trim();
}
