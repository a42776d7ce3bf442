/**
 * Python facts behind the start-up / test-support exemptions of
 * blocking-call-in-async (lang/python/one-shot.ts), and the import search roots
 * they depend on: a workspace root that is itself a package must not shadow the
 * standard library with its subpackages.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { blockingLines, pythonTree } from '../helpers/python-tree';

const tree = (files: Record<string, string>) => pythonTree(files, 'loopwise-oneshot-');

describe('Python import roots', () => {
  it('a root that is a package does not shadow the standard library with its subpackages', async () => {
    const root = tree({
      'srv/__init__.py': '',
      'srv/time/__init__.py': '',
      'srv/time/run.py': 'import time\n\n\nasync def tick():\n    time.sleep(1)\n',
    });
    // Linted at the package folder (as the ecosystem check lints dist-packages/hypercorn):
    // `import time` is the standard library's, not srv/time/.
    assert.deepEqual(await blockingLines(join(root, 'srv'), 'time/run.py'), [5]);
  });
});

describe('test-support modules', () => {
  const pgtools = 'import subprocess\n\n\nasync def ready(path):\n    return subprocess.run(["pg_isready", path]).returncode\n';
  const base = {
    'app/__init__.py': '',
    'app/pgtools.py': pgtools,
    'app/_testbase.py': 'from app import pgtools\n\n\nasync def cluster_ready():\n    return await pgtools.ready("x")\n',
  };

  it('leaves alone a module that only the shipped test support imports', async () => {
    assert.deepEqual(await blockingLines(tree(base), 'app/pgtools.py'), []);
  });

  it('flags the same module once product code imports it too', async () => {
    const root = tree({ ...base, 'app/health.py': 'from aiohttp import web\n\nfrom app.pgtools import ready\n\n\nasync def health(request: web.Request):\n    return await ready(request.path)\n' });
    assert.deepEqual(await blockingLines(root, 'app/pgtools.py'), [5]);
  });

  it('flags a public module that only test files import (they test the product)', async () => {
    const root = tree({
      'app/__init__.py': '',
      'app/pgtools.py': pgtools,
      'app/tests/__init__.py': '',
      'app/tests/test_db.py': 'from app import pgtools\n\n\nasync def test_ready():\n    assert await pgtools.ready("x") == 0\n',
    });
    assert.deepEqual(await blockingLines(root, 'app/pgtools.py'), [5]);
  });

  it('leaves alone the async functions of a test module itself', async () => {
    const root = tree({ 'app/__init__.py': '', 'app/tests/__init__.py': '', 'app/tests/test_io.py': 'import time\n\n\nasync def test_slow():\n    time.sleep(0.1)\n' });
    assert.deepEqual(await blockingLines(root, 'app/tests/test_io.py'), []);
  });
});

describe('server start-up', () => {
  it('a blocking call before the server binds is left alone; the same call in its serve loop is flagged', async () => {
    const root = tree({
      'svc.py': [
        'import asyncio', 'import subprocess', '', '',
        'async def serve(path):',
        '    subprocess.run(["mkfifo", path])',
        '    server = await asyncio.start_unix_server(handle, path=path)',
        '    while True:',
        // A process waited for every round (local file work would need hot-path evidence).
        '        subprocess.run(["sync"])',
        '        await asyncio.sleep(1)', '', '',
        'async def handle(reader, writer):',
        '    writer.close()', '',
      ].join('\n'),
    });
    assert.deepEqual(await blockingLines(root, 'svc.py'), [9]);
  });
});

describe('one-shot start-up and untypable calls of the same method name', () => {
  const hub = [
    'from tornado.ioloop import IOLoop', '', '',
    'class Hub:',
    '    async def start(self):',
    '        input("overwrite? ")', '',
    '    async def launch_async(self):',
    '        await self.start()', '',
    '    @classmethod',
    '    def launch(cls):',
    '        self = cls()',
    '        loop = IOLoop.current()',
    '        loop.run_sync(self.launch_async)', '', '',
    'main = Hub.launch', '',
  ].join('\n');

  it('leaves alone the start-up when the untypable `.start()` calls are in modules that cannot hold a Hub', async () => {
    const root = tree({
      'app/__init__.py': '',
      'app/hub.py': hub,
      'app/jobs.py': 'async def run_all(jobs):\n    for job in jobs:\n        await job.start()\n',
    });
    assert.deepEqual(await blockingLines(root, 'app/hub.py'), []);
  });

  it('an untypable `.start()` in a module that imports the class\'s module is not one-shot, but no evidence either: left alone', async () => {
    // The one-shot proof cannot rule the call out; the hot-path evidence follows only
    // calls the resolver ties to the method, so nothing shows `start` runs beside other tasks.
    const root = tree({
      'app/__init__.py': '',
      'app/hub.py': hub,
      'app/admin.py': 'from app import hub as hubmod\n\n\nasync def restart(request):\n    await request.app["hub"].start()\n',
    });
    assert.deepEqual(await blockingLines(root, 'app/hub.py'), []);
  });

  it('flags it when a request handler awaits a typed `.start()`', async () => {
    const root = tree({
      'app/__init__.py': '',
      'app/hub.py': hub,
      'app/admin.py': 'from aiohttp import web\n\nfrom app.hub import Hub\n\n\nasync def restart(request: web.Request):\n    hub: Hub = request.app["hub"]\n    await hub.start()\n',
    });
    assert.deepEqual(await blockingLines(root, 'app/hub.py'), [6]);
  });
});
