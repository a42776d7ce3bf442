/**
 * Two Python classes blocking-call-in-async leaves alone, with the evidence each
 * needs (rules/blocking-call-in-async/polling.ts, offloaded-file.ts):
 * a file-metadata query once per round of a loop that awaits a sleep every round,
 * and an open() whose file only a reader that works in a thread reads.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blockingLines, pythonTree } from '../helpers/python-tree';

const tree = (files: Record<string, string>) => pythonTree(files, 'loopwise-pyblock-');

// Each async function here is a request handler (an aiohttp Request parameter): local file work needs that evidence (hot-path.ts).
const poll = (sleep: string) => `from asyncio import sleep\nimport os\nfrom aiohttp import web\n\n\nasync def watch(request: web.Request, path, seen):\n    while True:\n        seen.append(os.stat(path).st_mtime)\n        await ${sleep}\n`;

describe('polling loops paced by a sleep', () => {
  it('leaves alone one stat per round when every round awaits a sleep of an interval', async () => {
    assert.deepEqual(await blockingLines(tree({ 'w.py': poll('sleep(1)') }), 'w.py'), []);
  });

  it('flags the same stat when the sleep is sleep(0), a yield that paces nothing', async () => {
    assert.deepEqual(await blockingLines(tree({ 'w.py': poll('sleep(0)') }), 'w.py'), [8]);
  });

  it('leaves alone a stat in a helper of another module called once per round', async () => {
    const root = tree({
      'pkg/__init__.py': '',
      'pkg/files.py': 'import os.path\n\n\ndef modified(path):\n    return os.path.getmtime(path)\n',
      'pkg/watch.py': 'import asyncio\nfrom pkg.files import modified\n\n\nasync def watch(path, seen):\n    while True:\n        seen.append(modified(path))\n        await asyncio.sleep(2)\n',
    });
    assert.deepEqual(await blockingLines(root, 'pkg/files.py'), []);
  });

  it('flags a read of the file in the same paced loop: not a metadata query', async () => {
    const text = 'import asyncio\nfrom aiohttp import web\n\n\nasync def watch(request: web.Request, path, seen):\n    while True:\n        with open(path) as f:\n            seen.append(f.read())\n        await asyncio.sleep(1)\n';
    assert.deepEqual(await blockingLines(tree({ 'w.py': text }), 'w.py'), [7]);
  });
});

const upload = (extra: string) => `import aiohttp\n\n\nasync def upload(request: aiohttp.web.Request, url, path):\n    f = open(path, "rb")\n${extra}    await aiohttp.request("PUT", url, data=f)\n`;

describe('a file handed to a reader that works in a thread', () => {
  it('leaves alone an open() whose file only aiohttp data= reads (after seeks)', async () => {
    assert.deepEqual(await blockingLines(tree({ 'u.py': upload('    f.seek(0, 2)\n    f.seek(0)\n') }), 'u.py'), []);
  });

  it('flags the open() once the function also reads the file on the loop', async () => {
    assert.deepEqual(await blockingLines(tree({ 'u.py': upload('    magic = f.read(4)\n') }), 'u.py'), [5]);
  });

  it('flags the open() when the file is also handed to a call that is not such a reader', async () => {
    assert.deepEqual(await blockingLines(tree({ 'u.py': upload('    print(f)\n') }), 'u.py'), [5]);
  });
});

describe('a file handed to a workspace function that reads it on the loop', () => {
  const reader = 'from typing import BinaryIO\n\n\ndef parse(fo: BinaryIO):\n    return fo.read()\n\n\ndef keep(fo, seen):\n    seen.append(fo)\n';
  const loader = (use: string) => `from pkg.reader import parse, keep\nfrom aiohttp import web\n\n\nasync def load(request: web.Request, path, seen):\n    f = open(path, "rb")\n    return ${use}\n`;

  it('reports the read once, in the helper, and not the open() that hands the file to it', async () => {
    const root = tree({ 'pkg/__init__.py': '', 'pkg/reader.py': reader, 'pkg/loader.py': loader('parse(f)') });
    assert.deepEqual(await blockingLines(root, 'pkg/loader.py'), []);
    assert.deepEqual(await blockingLines(root, 'pkg/reader.py'), [5]);
  });

  it('still reports the open() when the helper it is handed to reads nothing', async () => {
    const root = tree({ 'pkg/__init__.py': '', 'pkg/reader.py': reader, 'pkg/loader.py': loader('keep(f, seen)') });
    assert.deepEqual(await blockingLines(root, 'pkg/loader.py'), [6]);
  });
});
