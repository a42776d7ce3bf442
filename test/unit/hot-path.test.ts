/**
 * blocking-call-in-async (TS/JS): a local file-system call is reported only with
 * positive evidence that it is on a hot path (lang/ts/hot-path.ts), and the detail
 * says which: a request or message handler, a loop over data, an async function
 * awaited or mapped per item. Without evidence it is quiet; a child process is not.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it, before } from 'node:test';
import { resolveSettings } from '../../server/src/protocol';
import type { ResolvedFinding } from '../../server/src/engine/workspace';
import { createWorkspace, repoRoot, ruleFixtureFindings } from '../helpers/workspace';


describe('blocking-call-in-async: hot-path evidence for local file-system calls', () => {
  let findings: (file: string) => Promise<ResolvedFinding[]>;
  before(async () => {
    findings = await ruleFixtureFindings('blocking-call-in-async');
  });

  function evidenceOf(detail: string | undefined): string {
    return /It is on a hot path: ([^]*?)\. /.exec(detail ?? '')?.[1] ?? '(none)';
  }

  it('each kind of evidence is said in the detail', async () => {
    const found = await findings('hot-path/evidence.ts');
    assert.deepEqual(found.map((f) => evidenceOf(f.detail)), [
      "it runs once per item of 'paths' in 'totalSize'",
      "it runs once per item of 'paths' in 'firstLines'",
      "'readAll' calls 'readOne' once per item of 'paths'",
      "'loadRecords' calls 'loadRecord' once per item of 'ids'",
      "'saveAll' calls 'saveOne' once per item of 'ids' (through 'saveOne' → 'saveRecord')",
      "it runs in a 'data' listener on a net.Socket at evidence.ts:61",
      // A loop over a parameter that a request handler fills: the handler is the evidence.
      "called from a http.createServer() request handler at evidence.ts:76 (through 'removeAll')",
    ]);
    // A socket's message listener is a handler: a warning, not the info of an ordinary listener.
    assert.equal(found[found.length - 2].severity, 'warning');
  });

  it('without evidence a file-system call is quiet', async () => {
    assert.deepEqual((await findings('hot-path/ok-evidence.ts')).map((f) => f.message), []);
  });

  it('a read a request handler reaches through async functions names the handler', async () => {
    const [finding] = await findings('one-root.ts');
    assert.match(evidenceOf(finding.detail), /^called from a http\.createServer\(\) request handler at one-root\.ts:\d+ \(through '\w+'\)$/);
  });

  it("the demo's template read is reached from its request handler, and reported", async () => {
    const demo = join(repoRoot, 'test-fixtures', 'workspaces', 'demo', 'src', 'server.ts');
    const own = await createWorkspace([join(repoRoot, 'test-fixtures', 'workspaces', 'demo')]);
    const result = await own.analyzeFile(demo, resolveSettings({}));
    const read = result.findings.find((f) => f.rule === 'blocking-call-in-async' && f.message.startsWith("'fs.readFileSync' blocks the event loop in async 'readTemplate'"));
    assert.ok(read, result.findings.map((f) => f.message).join(' | '));
    assert.match(evidenceOf(read.detail), /request handler at server\.ts:\d+|once per item of/);
  });
});
