// Create-if-missing: the work runs only while the path it then creates is missing, so once
// per missing resource (the first run, a new folder), not once per call. Left alone.
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import { join } from 'node:path';

export async function ensureSpool(dir: string, user: string): Promise<void> {
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true });
    execSync(`chown ${user} ${dir}`);
  }
}

export async function ensureDefaults(dir: string): Promise<void> {
  const file = join(dir, 'defaults.json');
  if (existsSync(file)) return;
  writeFileSync(file, execSync('defaults --print', { encoding: 'utf8' }));
}

const settings = { queueDir: '/var/spool/app' };

export async function ensureQueueDir(user: string): Promise<void> {
  try {
    await fs.access(settings.queueDir);
    return; // already there
  } catch {
    // missing: create it below
  }
  try {
    await fs.mkdir(settings.queueDir, { mode: 0o755 });
    const uid = parseInt(execSync(`id -u ${user}`).toString().trim(), 10);
    await fs.chown(settings.queueDir, uid, -1);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}
