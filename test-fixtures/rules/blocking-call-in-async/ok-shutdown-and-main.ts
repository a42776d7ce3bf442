// Shutdown and a script's own run are not the hot path: a process exit or signal
// handler runs once, and so does what only a `require.main === module` block calls,
// through any number of async steps.
import { readFileSync, writeFileSync } from 'node:fs';

let served = 0;

export function count(): number {
  return ++served;
}

process.on('SIGINT', () => {
  writeFileSync('/tmp/served.txt', String(served));
  process.exit(0);
});

process.once('exit', () => {
  writeFileSync('/tmp/served-at-exit.txt', String(served));
});

function loadSettings(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

async function prepare(path: string): Promise<unknown> {
  return loadSettings(path);
}

async function runScript(): Promise<void> {
  await prepare(process.argv[2] ?? 'settings.json');
}

declare const require: { main: unknown };
declare const module: unknown;
if (require.main === module) {
  void runScript();
}
