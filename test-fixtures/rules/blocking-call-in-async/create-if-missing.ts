// An existence check that creates nothing guards a read, which runs on every call; a check
// of one path with a creation of another guards nothing. Flagged.
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';

export async function readProfile(file: string): Promise<string> {
  if (!existsSync(file)) return '{}';
  return execSync(`gpg --decrypt ${file}`, { encoding: 'utf8' }) + readFileSync(file, 'utf8');
  //     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

export async function prepare(dir: string, cache: string): Promise<void> {
  if (!existsSync(dir)) {
    mkdirSync(cache, { recursive: true });
    execSync(`chown app ${dir}`);
  //^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  }
}
