// The same local file-system calls without hot-path evidence: left alone. (A child
// process, Atomics.wait or a slow key derivation is reported without it.)
import { createReadStream, appendFileSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';

// An exported async function nothing here calls: a library's step, once or per request, unknown.
export async function loadSettings(path: string): Promise<unknown> {
  return JSON.parse(readFileSync(path, 'utf8'));
}

// A loop over a literal, or over a constant the program writes out: a fixed number of reads.
const DEFAULTS = ['defaults.json', 'local.json'];

export async function loadLayers(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const name of ['base.json', 'site.json']) out.push(readFileSync(`${dir}/${name}`, 'utf8'));
  for (const name of DEFAULTS) out.push(readFileSync(`${dir}/${name}`, 'utf8'));
  for (let i = 0; i < 3; i++) out.push(readFileSync(`${dir}/${i}.json`, 'utf8'));
  return out;
}

// The listing runs once, in the loop's header; nothing blocks per item.
export async function names(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) out.push(entry.toUpperCase());
  return out;
}

// A .then() callback of an occasional operation: no handler, no loop, reached once.
export function backup(path: string): Promise<void> {
  return Promise.resolve().then(() => {
    if (statSync(path).size > 0) writeFileSync(`${path}.bak`, readFileSync(path));
  });
}

// The terminal is not a network socket: a key the user types is not a request.
export function snapshotOnKey(path: string): void {
  process.stdin.on('data', (key) => {
    if (String(key).trim() === 's') writeFileSync(path, '{}');
  });
}

// Nor is a file's read stream: its 'data' chunks are a file being read, once.
export function copyLog(from: string, to: string): void {
  createReadStream(from).on('data', (chunk) => appendFileSync(to, chunk));
}

// A timer is not evidence either.
export function refresh(path: string): void {
  setInterval(() => void readFileSync(path), 60_000);
}

// A stat per entry of a directory listing scans a directory: its size is the directory's.
export async function sizesIn(dir: string): Promise<number[]> {
  const out: number[] = [];
  for (const name of readdirSync(dir).sort()) out.push(statSync(`${dir}/${name}`).size);
  const entries = await readdir(dir);
  entries.forEach((name) => out.push(statSync(`${dir}/${name}`).size));
  return out;
}

// The keys of an object the program writes out are fixed.
const TEMPLATES = { 'README.md': () => '# new', 'package.json': () => '{}' };

export async function scaffold(dir: string): Promise<void> {
  for (const name in TEMPLATES) writeFileSync(`${dir}/${name}`, TEMPLATES[name as keyof typeof TEMPLATES]());
}

// A function that calls itself per item walks a structure of its own (a config's `extends`).
export async function readConfig(path: string): Promise<void> {
  const config = JSON.parse(readFileSync(path, 'utf8')) as { extends?: string[] };
  for (const parent of config.extends ?? []) await readConfig(parent);
}

// A loop over a parameter is as hot as the callers that fill it: here the only caller is a
// listener for a rare lifecycle event of the program's own emitter, so removing each
// unregistered accessory's folder is no hot path.
import { EventEmitter } from 'node:events';
import { rmSync } from 'node:fs';

class AccessoryManager {
  constructor(private readonly api: EventEmitter) {
    api.on('unregister', (accessories: string[]) => void this.unregister(accessories));
  }

  private async unregister(accessories: string[]): Promise<void> {
    for (const id of accessories) rmSync(`/var/lib/accessories/${id}`, { recursive: true, force: true });
  }
}

export const manager = new AccessoryManager(new EventEmitter());
