// `npm start`: builds and packages Loopwise, installs the .vsix into code-server (which
// is installed on first use into .cache/e2e/), and serves a fresh copy of the demo
// workspace, made in .cache/demo-workspace/ on every start, at http://127.0.0.1:8093
// (or --port). Autosave, quick fixes and exports change the copy, never the tracked
// files. Ctrl-C stops code-server and every process it started.
// Usage: node scripts/start-demo.mjs [--port N] [--vsix FILE] [--folder DIR] [--in-place]
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { installVsix, startCodeServer } from '../test/e2e/code-server.mjs';
import { cacheDir, ensureToolchain, repoRoot } from '../test/e2e/install.mjs';
import { QUIET_SETTINGS } from '../test/e2e/workbench.mjs';

/** The demo's address stays the same from one start to the next, so a bookmark keeps working. */
const DEFAULT_PORT = 8093;

function fail(message) {
  console.error(`npm start: ${message}`);
  process.exit(1);
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      port: { type: 'string', default: process.env.PORT ?? String(DEFAULT_PORT) },
      vsix: { type: 'string' },
      folder: { type: 'string', default: join(repoRoot, 'test-fixtures', 'workspaces', 'demo') },
      'in-place': { type: 'boolean', default: false },
      // Prepares the workspace and checks the port, then stops: what the unit test runs.
      'dry-run': { type: 'boolean', default: false },
    },
  });
} catch (error) {
  fail(`${error.message}\nUsage: npm start -- [--port N] [--vsix FILE] [--folder DIR] [--in-place]`);
}
const options = parsed.values;
const port = Number(options.port);
if (!(Number.isInteger(port) && port > 0 && port < 65536)) fail(`--port must be a port number, not "${options.port}"`);
const source = resolve(options.folder);
if (!existsSync(source)) fail(`the folder ${source} does not exist`);

/** A fresh copy of the folder on each start, unless --in-place asks for the folder itself. */
function prepareWorkspace() {
  if (options['in-place']) return source;
  const copy = join(repoRoot, '.cache', 'demo-workspace');
  rmSync(copy, { recursive: true, force: true });
  cpSync(source, copy, { recursive: true });
  return copy;
}

function packageVsix() {
  if (options.vsix) return resolve(options.vsix);
  console.log('Building and packaging loopwise.vsix …');
  const result = spawnSync('npm', ['run', 'package'], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) fail('`npm run package` failed; see above.');
  return join(repoRoot, 'loopwise.vsix');
}

/** Fails now, with a clear message, if something else holds the port (code-server would only log it). */
function checkPortFree() {
  return new Promise((resolvePort) => {
    const probe = createServer();
    probe.once('error', (error) => fail(error.code === 'EADDRINUSE' ? `port ${port} is in use on 127.0.0.1; stop what holds it or pass --port N` : error.message));
    probe.listen(port, '127.0.0.1', () => probe.close(resolvePort));
  });
}

async function main() {
  await checkPortFree();
  if (options['dry-run']) {
    const folder = prepareWorkspace();
    console.log(JSON.stringify({ folder, port }));
    return;
  }
  let toolchain;
  try {
    toolchain = ensureToolchain();
  } catch (error) {
    fail(error.message);
  }
  const vsix = packageVsix();
  if (!existsSync(vsix)) fail(`${vsix} does not exist`);
  const runDir = join(cacheDir, 'demo');
  mkdirSync(runDir, { recursive: true });
  console.log(`Installing ${vsix} into code-server …`);
  installVsix(toolchain, vsix, join(runDir, 'extensions'), join(runDir, 'user-data'));

  const folder = prepareWorkspace();
  const server = await startCodeServer({
    toolchain,
    runDir,
    port,
    folder,
    trusted: true,
    output: 'log',
    // The demo opens on its README, which says which file shows what.
    userSettings: { ...QUIET_SETTINGS, 'workbench.startupEditor': 'readme', 'workbench.colorTheme': 'Default Dark Modern' },
  });
  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping code-server (pid ${server.pid}) and its child processes …`);
    await server.stop();
    console.log('Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGHUP', () => void stop('SIGHUP'));
  // A supervisor that signals only `npm` (not the whole process group) leaves us
  // orphaned; stop then too, so code-server never outlives the command.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void stop('parent exited');
  }, 1000).unref();
  server.child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`code-server exited unexpectedly (${code ?? signal}); its log is ${server.logFile}`);
    process.exit(1);
  });

  console.log(`Loopwise demo: ${folder}${folder === source ? ' (in place: edits change these files)' : ` (a fresh copy of ${source})`}`);
  console.log('Open this in your browser (Ctrl-C here to stop):');
  console.log(server.url);
}

main().catch((error) => fail(error instanceof Error ? error.message : String(error)));
