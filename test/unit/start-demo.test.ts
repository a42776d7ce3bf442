/**
 * `npm start` serves a fresh copy of the demo on a stable port: the part of
 * scripts/start-demo.mjs that needs no code-server, run with --dry-run.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../helpers/workspace';

const script = join(repoRoot, 'scripts', 'start-demo.mjs');
const demo = join(repoRoot, 'test-fixtures', 'workspaces', 'demo');

function start(...args: string[]) {
  const run = spawnSync(process.execPath, [script, '--dry-run', ...args], { cwd: repoRoot, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('each start serves a fresh copy of the demo in .cache, so edits to the copy never reach the tracked files', async () => {
  const port = await freePort();
  const first = start('--port', String(port));
  assert.equal(first.status, 0, first.stderr);
  const { folder, port: used } = JSON.parse(first.stdout.trim().split('\n').pop()!);
  assert.equal(folder, join(repoRoot, '.cache', 'demo-workspace'));
  assert.equal(used, port);
  const file = join(folder, 'src', 'server.ts');
  const tracked = readFileSync(join(demo, 'src', 'server.ts'), 'utf8');
  writeFileSync(file, '// edited by a quick fix\n');
  writeFileSync(join(folder, 'profile-export.json'), '{}');
  const second = start('--port', String(port));
  assert.equal(second.status, 0, second.stderr);
  assert.equal(readFileSync(file, 'utf8'), tracked, 'the copy is made again from the demo');
  assert.equal(existsSync(join(folder, 'profile-export.json')), false, 'what the last start left is gone');
  assert.equal(readFileSync(join(demo, 'src', 'server.ts'), 'utf8'), tracked);
});

test('the port is 8093 unless --port says otherwise; a bad or busy port is a clear error', async () => {
  // Without --port: 8093, or, if something holds 8093 now, an error that names it.
  const plain = start();
  if (plain.status === 0) assert.equal(JSON.parse(plain.stdout.trim().split('\n').pop()!).port, 8093);
  else assert.match(plain.stderr, /port 8093 is in use/);
  const bad = start('--port', 'eighty');
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /--port must be a port number, not "eighty"/);
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  try {
    const busy = start('--port', String((holder.address() as AddressInfo).port));
    assert.equal(busy.status, 1);
    assert.match(busy.stderr, /port \d+ is in use on 127\.0\.0\.1; stop what holds it or pass --port N/);
  } finally {
    await new Promise((resolve) => holder.close(resolve));
  }
});
