// Code the rule must leave alone.
import { readFileSync, promises as fsp } from 'fs';
import { readFile } from 'fs/promises';

// Module top level runs once at start-up.
const config = JSON.parse(readFileSync('/etc/app.json', 'utf8'));

// A synchronous function used only by start-up code.
function loadTemplates(): string[] {
  return [readFileSync('/srv/a.html', 'utf8'), readFileSync('/srv/b.html', 'utf8')];
}
const templates = loadTemplates();

// An in-memory store whose methods happen to end in Sync is not I/O.
class MemoryStore {
  private files = new Map<string, string>();
  readFileSync(path: string): string {
    return this.files.get(path) ?? '';
  }
  writeFileSync(path: string, data: string): void {
    this.files.set(path, data);
  }
}
const memfs = new MemoryStore();

export async function handle(path: string): Promise<string> {
  memfs.writeFileSync(path, 'x');
  return memfs.readFileSync(path);
}

// Already asynchronous.
export async function loadAsync(path: string): Promise<string> {
  const a = await readFile(path, 'utf8');
  const b = await fsp.readFile(path, 'utf8');
  return a + b + config.name + templates.length;
}

// A promise-returning function that is not async itself, with no blocking work.
export function later(path: string): Promise<string> {
  return fsp.readFile(path, 'utf8').then((text) => text.trim());
}

// A script's async main, called once from the top level.
async function main(): Promise<void> {
  const settings = readFileSync('/etc/app.json', 'utf8');
  console.log(settings.length);
}
main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

// An async function run on the spot at the top level is start-up code as well.
(async () => {
  const banner = readFileSync('/etc/banner.txt', 'utf8');
  console.log(banner);
})();

// Asynchronous callbacks of a user's own API that merely shares a name with a timer.
function setTimeoutLike(cb: () => void) {
  cb();
}
export function runNow() {
  setTimeoutLike(() => readFileSync('/tmp/x'));
}

// Work handed to a timer inside a sync function is flagged inside the timer, not here.
export function countLines(text: string): number {
  return text.split('\n').length;
}
