// Once-per-key work: the result is kept in long-lived storage that the same
// function checks first, so the blocking call runs once per key, not per request.
import { execSync, spawnSync } from 'child_process';
import { mkdirSync, readFileSync } from 'fs';

let gitInstalled: boolean | undefined;
const templates = new Map<string, string>();
let settings: string | undefined;

// A module-level flag, set on the first call.
export async function gitStatus(): Promise<boolean> {
  if (gitInstalled === undefined) {
    gitInstalled = spawnSync('git', ['--version']).status === 0;
  }
  return gitInstalled;
}

// A Map lookup guards the read; the result is stored under the same key.
export async function render(name: string): Promise<string> {
  if (!templates.has(name)) {
    templates.set(name, readFileSync(`/srv/${name}.html`, 'utf8'));
  }
  return templates.get(name)!;
}

// `??=`: read once, then the cached value.
export async function loadSettings(): Promise<string> {
  settings ??= readFileSync('/etc/app.json', 'utf8');
  return settings;
}

class ConnectionManager {
  private connections: Record<string, object> = {};
  private revision?: string;

  // An early return for a cached connection; the directory is made once per new one.
  async getConnection(id: string, dir: string): Promise<object> {
    if (this.connections[id]) return this.connections[id];
    mkdirSync(dir, { recursive: true });
    const connection = {};
    this.connections[id] = connection;
    return connection;
  }

  // A synchronous helper reached from async code, memoised on `this`.
  private currentRevision(): string {
    this.revision ||= execSync('git rev-parse HEAD').toString();
    return this.revision;
  }

  async describe(): Promise<string> {
    return this.currentRevision();
  }
}

export const manager = new ConnectionManager();
