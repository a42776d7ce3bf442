/**
 * blocking-call-in-async: code that starts a Node server (creates one, or calls its
 * listen()) runs once per server start, and a server's 'close' listener once per
 * server; the handlers such code registers, a helper a handler also calls, a client
 * socket's 'close' and an http request are still per request
 * (test-fixtures/rules/blocking-call-in-async/server-start, dynamic-bin).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it, before } from 'node:test';
import { resolveSettings } from '../../server/src/protocol';
import type { AnalysisWorkspace } from '../../server/src/engine/workspace';
import { createWorkspace, repoRoot } from '../helpers/workspace';

const dir = join(repoRoot, 'test-fixtures', 'rules', 'blocking-call-in-async');

describe('blocking-call-in-async: start-up a call graph alone does not show', () => {
  let workspace: AnalysisWorkspace;
  before(async () => {
    workspace = await createWorkspace([join(repoRoot, 'test-fixtures', 'rules')]);
  });

  async function messages(file: string): Promise<string[]> {
    const result = await workspace.analyzeFile(join(dir, file), resolveSettings({}));
    assert.equal(result.error, undefined);
    return result.findings.filter((f) => f.rule === 'blocking-call-in-async').map((f) => f.message);
  }

  it('a function that creates a server or calls listen() is start-up, in exported API and in a .then() callback; a server\'s close listener too', async () => {
    assert.deepEqual(await messages('server-start/ok-start.ts'), []);
    assert.deepEqual(await messages('server-start/ok-start-untyped.js'), []);
  });

  it('its request handler, a helper the handler also calls, a socket\'s close and a client request are still reported', async () => {
    assert.deepEqual(await messages('server-start/start.ts'), [
      "'fs.readFileSync' in sync 'banner' blocks the event loop: a http.createServer() request handler reaches it",
      "'fs.readFileSync' blocks the event loop in a http.createServer() request handler",
      "'child_process.execFileSync' blocks the event loop in an event listener for 'close'",
      "'fs.readFileSync' blocks the event loop in async 'fetchWithCa'",
    ]);
  });

  it("a module a bin loads with import('./…') runs as the command; the package's main is still checked", async () => {
    assert.deepEqual(await messages('dynamic-bin/lib/cli.mjs'), []);
    assert.deepEqual(await messages('dynamic-bin/lib/index.mjs'), ["'child_process.execFileSync' blocks the event loop in async 'render'"]);
  });
});
