/**
 * Local file-system work in Python async code needs evidence of a hot path
 * (lang/python/hot-path.ts). These cases need a workspace laid out as a package:
 * the framework's own handler base and request type, recognised by the defining
 * module's package when the workspace is the framework itself.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blockingLines, pythonTree } from '../helpers/python-tree';

const tree = (files: Record<string, string>) => pythonTree(files, 'loopwise-pyhot-');

describe('hot-path evidence for local file work', () => {
  it("flags a stat in a verb method of a class deriving from the workspace's own tornado RequestHandler", async () => {
    const root = tree({
      'tornado/__init__.py': '',
      'tornado/web.py': 'import os\n\n\nclass RequestHandler:\n    pass\n\n\nclass StaticFileHandler(RequestHandler):\n    async def get(self, path):\n        return os.path.isdir(path)\n\n\nclass Settings:\n    async def get(self, path):\n        return os.path.isdir(path)\n',
    });
    assert.deepEqual(await blockingLines(root, 'tornado/web.py'), [10]);
  });

  it("flags a stat in a function taking the workspace's own aiohttp BaseRequest (a string annotation)", async () => {
    const root = tree({
      'aiohttp/__init__.py': '',
      'aiohttp/web_request.py': 'class BaseRequest:\n    pass\n',
      'aiohttp/web_fileresponse.py': 'import os\nfrom typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from .web_request import BaseRequest\n\n\nclass FileResponse:\n    async def prepare(self, request: "BaseRequest"):\n        return os.path.exists(self.path)\n\n    async def close(self):\n        return os.path.exists(self.path)\n',
    });
    assert.deepEqual(await blockingLines(root, 'aiohttp/web_fileresponse.py'), [10]);
  });

  it('leaves the same stat alone in a plain async function, and still flags a sleep there', async () => {
    const root = tree({ 'app.py': 'import os\nimport time\n\n\nasync def start(path):\n    return os.path.exists(path)\n\n\nasync def wait():\n    time.sleep(1)\n' });
    assert.deepEqual(await blockingLines(root, 'app.py'), [10]);
  });
});
