// Starts and stops code-server (a real VS Code served to a browser) for the e2e suite,
// the screenshots and the demo. Each server gets its own config, user data and
// extensions folders under `.cache/e2e/`, so it never touches ~/.config/code-server.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

/** Asks the OS for a free loopback port. */
export function findFreePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Every descendant of `pid`, children first-level before grandchildren, read from /proc. */
function descendantsOf(pid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name in field 2 may hold spaces and parentheses; fields after the last ')' are fixed.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      // The process exited while we were reading: nothing to stop.
    }
  }
  const result = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()) ?? []) {
      result.push(child);
      queue.push(child);
    }
  }
  return result;
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops a process and its whole tree by pid: SIGTERM to all, then SIGKILL to whatever
 * is still alive after `graceMs`. The tree is read before signalling, because children
 * re-parent to init once their parent dies.
 */
export async function killTree(pid, graceMs = 3000) {
  const pids = [pid, ...descendantsOf(pid)];
  for (const p of pids) {
    try {
      process.kill(p, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && pids.some(isAlive)) await delay(100);
  for (const p of pids.filter(isAlive)) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

async function waitForHealth(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode} before it became healthy`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await delay(200);
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs} ms`);
}

/**
 * Starts code-server on 127.0.0.1.
 * @param {object} options
 * @param {{node: string, codeServerEntry: string}} options.toolchain from `ensureToolchain()`
 * @param {string} options.runDir folder for this server's config, user data and log
 * @param {string} [options.folder] workspace folder to open by default
 * @param {boolean} [options.trusted] false leaves Workspace Trust on (restricted mode)
 * @param {boolean} [options.smokeTestDriver] lets the page pass a test payload
 * @param {string} [options.extensionsDir] defaults to `runDir/extensions`
 * @param {object} [options.userSettings] written to the user settings.json
 * @param {number} [options.port] defaults to a free port
 * @param {'inherit'|'log'} [options.output] `log` writes code-server's output to runDir/code-server.log
 */
export async function startCodeServer(options) {
  const { toolchain, runDir } = options;
  const port = options.port ?? (await findFreePort());
  const userDataDir = join(runDir, 'user-data');
  const extensionsDir = options.extensionsDir ?? join(runDir, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  const configFile = join(runDir, 'config.yaml');
  writeFileSync(configFile, 'auth: none\ncert: false\n');
  writeFileSync(join(userDataDir, 'User', 'settings.json'), `${JSON.stringify(options.userSettings ?? {}, null, 2)}\n`);

  const args = [
    toolchain.codeServerEntry,
    '--config', configFile,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
  ];
  if (options.trusted !== false) args.push('--disable-workspace-trust');
  if (options.smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  if (options.folder) args.push(options.folder);

  const logFile = join(runDir, 'code-server.log');
  rmSync(logFile, { force: true });
  const child = spawn(toolchain.node, args, {
    stdio: options.output === 'inherit' ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  if (options.output !== 'inherit') {
    const chunks = [];
    const collect = (chunk) => chunks.push(chunk);
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('exit', () => writeFileSync(logFile, Buffer.concat(chunks)));
    process.on('exit', () => {
      try {
        writeFileSync(logFile, Buffer.concat(chunks));
      } catch {
        // Best effort: the log only helps diagnose a failure.
      }
    });
  }

  const url = `http://127.0.0.1:${port}`;
  let stopped;
  const stop = () => {
    stopped ??= child.exitCode === null ? killTree(child.pid) : Promise.resolve();
    return stopped;
  };
  try {
    await waitForHealth(url, child, 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, pid: child.pid, child, logFile, stop };
}

/** A `vscode-remote://` URI for a path on the server, as the workbench payload expects. */
export function remoteUri(port, absolutePath) {
  return `vscode-remote://127.0.0.1:${port}${absolutePath.split('/').map(encodeURIComponent).join('/')}`;
}

/** Installs a .vsix into an extensions folder with code-server's own CLI, as a user would. */
export function installVsix(toolchain, vsixPath, extensionsDir, userDataDir) {
  mkdirSync(extensionsDir, { recursive: true });
  const result = spawnSync(toolchain.node, [
    toolchain.codeServerEntry,
    '--extensions-dir', extensionsDir,
    '--user-data-dir', userDataDir,
    '--install-extension', vsixPath,
    '--force',
  ], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  if (result.status !== 0) {
    throw new Error(`code-server --install-extension ${vsixPath} failed (${result.status}):\n${result.stdout}${result.stderr}`);
  }
}
