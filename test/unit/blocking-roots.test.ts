/**
 * blocking-call-in-async reports a root cause once: at the blocking call, with the
 * event-loop entry points that reach it as related information (a few, then
 * "and N more"), a one-line message and the why and fix in `detail`.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, before } from 'node:test';
import { resolveSettings } from '../../server/src/protocol';
import type { ResolvedFinding } from '../../server/src/engine/workspace';
import { createWorkspace, repoRoot, ruleFixtureFindings } from '../helpers/workspace';


describe('blocking-call-in-async: one finding per root cause', () => {
  let findings: (file: string) => Promise<ResolvedFinding[]>;
  before(async () => {
    findings = await ruleFixtureFindings('blocking-call-in-async');
  });

  it('an anonymous entry point is named by what it is handed to, never "(anonymous)"', async () => {
    const demo = join(repoRoot, 'test-fixtures', 'workspaces', 'demo', 'src', 'server.ts');
    const own = await createWorkspace([join(repoRoot, 'test-fixtures', 'workspaces', 'demo')]);
    const result = await own.analyzeFile(demo, resolveSettings({}));
    const messages = result.findings.filter((f) => f.rule === 'blocking-call-in-async').map((f) => f.message);
    // (The handler's readFileSync on line 50 is silenced, so it is not counted here: see the next test.)
    assert.ok(messages.includes("'child_process.execSync' blocks the event loop in a http.createServer() request handler"), messages.join(' | '));
    assert.ok(messages.every((m) => !m.includes('(anonymous)')), messages.join(' | '));
  });

  it('a call the user silenced is not folded into the finding for the others, and its suppression is in use', async () => {
    // demo server.ts: execSync (line 45) and, under a loopwise-disable-next-line, readFileSync (line 50) in one handler.
    const demo = join(repoRoot, 'test-fixtures', 'workspaces', 'demo', 'src', 'server.ts');
    const text = readFileSync(demo, 'utf8');
    const own = await createWorkspace([join(repoRoot, 'test-fixtures', 'workspaces', 'demo')]);
    const result = await own.analyzeFile(demo, resolveSettings({}));
    const blocking = result.findings.filter((f) => f.rule === 'blocking-call-in-async');
    const handler = blocking.find((f) => f.message.includes('http.createServer() request handler'));
    // The silenced readFileSync is its own (suppressed) finding: not counted, listed or fixed with the execSync.
    assert.equal(handler?.message, "'child_process.execSync' blocks the event loop in a http.createServer() request handler");
    assert.doesNotMatch(handler?.detail ?? '', /readFileSync/);
    const line50 = (f: { start: number }) => text.slice(0, f.start).split('\n').length === 50;
    assert.ok(!(handler?.related ?? []).some(line50), JSON.stringify(handler?.related));
    assert.ok(!(handler?.fixes ?? []).some((fix) => fix.edits.some((e) => line50(e))), JSON.stringify(handler?.fixes?.map((f) => f.title)));
    assert.ok(!blocking.some(line50), 'the readFileSync finding is suppressed');
    const unused = result.findings.filter((f) => f.rule === 'unused-suppression');
    assert.deepEqual(unused.map((f) => f.message), []);
  });

  it('Python: a call silenced by a loopwise or a peer (noqa) comment is not folded into the finding for the others', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'loopwise-silenced-'));
    try {
      const body = (comment: string) => [
        'import time', '', '', 'async def tick():', '    time.sleep(1)', comment, '    time.sleep(2)', '',
      ].join('\n');
      writeFileSync(join(tmp, 'ours.py'), body('    # loopwise-disable-next-line blocking-call-in-async'));
      writeFileSync(join(tmp, 'peer.py'), body('    # keep the second one').replace('time.sleep(2)', 'time.sleep(2)  # noqa: ASYNC251'));
      const own = await createWorkspace([tmp]);
      for (const file of ['ours.py', 'peer.py']) {
        const result = await own.analyzeFile(join(tmp, file), resolveSettings({}));
        const blocking = result.findings.filter((f) => f.rule === 'blocking-call-in-async');
        assert.deepEqual(blocking.map((f) => f.message), ["'time.sleep()' blocks the event loop in 'async def tick'"], file);
        assert.deepEqual(blocking[0].related ?? [], [], file);
        assert.deepEqual(result.findings.filter((f) => f.rule === 'unused-suppression').map((f) => f.message), [], file);
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('five async callers of one read: one finding, three entry points named, then "and 2 more"', async () => {
    const [finding, ...rest] = await findings('one-root.ts');
    assert.equal(rest.length, 0);
    assert.match(finding.message, /^'fs\.readFileSync' in sync 'readTemplate' blocks the event loop: async '\w+' and 4 more reach it$/);
    assert.ok(finding.message.length <= 140, finding.message);
    assert.doesNotMatch(finding.message, /`/);
    assert.match(finding.detail ?? '', /fs\.promises\.readFile|readFile/);
    assert.match(finding.detail ?? '', /all 5 entry points/);
    const related = finding.related ?? [];
    assert.equal(related.length, 4);
    assert.deepEqual(related.slice(0, 3).map((r) => /^Async '\w+' reaches it: \w+ → (render → )?readTemplate$/.test(r.message)), [true, true, true]);
    assert.equal(related[3].message, 'and 2 more entry points');
    // The direct caller (contact) comes first: shortest chain.
    assert.match(related[0].message, /contact → readTemplate$/);
  });

  it('the root in another file lists the entry points of the file that calls it', async () => {
    const [finding, ...rest] = await findings('lib/templates.ts');
    assert.equal(rest.length, 0);
    const related = finding.related ?? [];
    assert.ok(related.every((r) => r.file.endsWith('cross-file.ts')), JSON.stringify(related));
    assert.equal(related.length, 3, JSON.stringify(related));
    assert.ok(related.some((r) => /request handler/.test(r.message)), JSON.stringify(related));
    assert.ok(related.some((r) => /showPage → renderPage → loadTemplate$/.test(r.message)), JSON.stringify(related));
    // The entry points' own file shows nothing for a root elsewhere.
    const callers = await findings('cross-file.ts');
    assert.deepEqual(callers.map((f) => f.message), ["'fs.readFileSync' blocks the event loop in async 'reexported'"]);
  });

  it('Python: five async callers of one open(): one finding at the open, "and 2 more"', async () => {
    const [finding, ...rest] = await findings('one_root.py');
    assert.equal(rest.length, 0);
    assert.match(finding.message, /^'open\(\)' in sync 'read_template' blocks the event loop: 'async def contact' and 4 more reach it$/);
    assert.ok(finding.message.length <= 140 && !finding.message.includes('`'), finding.message);
    assert.match(finding.detail ?? '', /all 5 async functions/);
    const related = finding.related ?? [];
    assert.equal(related.length, 4);
    assert.match(related[0].message, /^'async def contact' reaches it: contact → read_template → open\(\)$/);
    assert.equal(related[3].message, 'and 2 more async functions');
  });

  it('Python: the root in helpers.py names the async caller in cross_file.py, which shows nothing for it', async () => {
    const [finding, ...rest] = await findings('helpers.py');
    assert.equal(rest.length, 0);
    assert.deepEqual(finding.related?.map((r) => [r.file.split('/').pop(), r.message]), [['cross_file.py', "'async def handler' reaches it: handler → load_config → read_settings → open()"]]);
    const callers = await findings('cross_file.py');
    assert.deepEqual(callers.map((f) => f.message), ["'time.sleep()' in sync 'backoff' blocks the event loop: 'async def run' reaches it"]);
  });
  it('four reads in one sync helper: one finding at the first, the other three listed before the entry points', async () => {
    const found = await findings('one-function.ts');
    const tls = found.find((f) => f.message.includes("'readTls'"));
    assert.ok(tls, found.map((f) => f.message).join(' | '));
    assert.equal(tls.message, "'fs.readFileSync' and 3 more blocking calls in sync 'readTls' block the event loop: async 'startTls' and 1 more reach them");
    assert.match(tls.detail ?? '', /each of these 4 calls runs/);
    assert.match(tls.detail ?? '', /fs\.promises\.readFile for fs\.readFileSync in 'readTls'/);
    const related = tls.related ?? [];
    assert.deepEqual(related.map((r) => r.message.replace(/:.*/, '')), [
      "'fs.readFileSync' blocks here too, in the same 'readTls'",
      "'fs.readFileSync' blocks here too, in the same 'readTls'",
      "'fs.readFileSync' blocks here too, in the same 'readTls'",
      "Async 'startTls' reaches them",
      "Async 'reloadTls' reaches them",
    ]);
    // The other calls are where they are: lines 12, 13 and 14.
    assert.deepEqual(related.slice(0, 3).map((r) => r.start > tls.start), [true, true, true]);
    assert.equal(related.filter((r) => /reaches them/.test(r.message)).length, 2);
  });

  it('two calls on one line of one async function: one finding, both replaced by its quick fix', async () => {
    const found = await findings('one-function.ts');
    const socket = found.find((f) => f.message.includes('removeSocket'));
    assert.ok(socket, found.map((f) => f.message).join(' | '));
    assert.equal(socket.message, "'fs.existsSync' and 1 more blocking call block the event loop in async 'removeSocket'");
    assert.deepEqual(socket.related?.map((r) => r.message), ["'fs.unlinkSync' blocks here too, in the same async function"]);
    // existsSync has no drop-in fix; unlinkSync has, under its own line-named title.
    assert.deepEqual(socket.fixes?.filter((f) => !f.title.startsWith('Disable')).map((f) => [f.title, f.safe]), [['Replace fs.unlinkSync with await fs.promises.unlink(…) (line 32)', true]]);
  });

  it('two sync helpers reached by one async function: two findings', async () => {
    const found = await findings('one-function.ts');
    assert.deepEqual(found.map((f) => f.message.replace(/ blocks? the event loop.*/, '')).sort(), [
      "'fs.existsSync' and 1 more blocking call",
      "'fs.readFileSync' and 3 more blocking calls in sync 'readTls'",
      "'fs.readFileSync' in sync 'readManifest'",
      "'fs.readdirSync' in sync 'listAssets'",
    ]);
  });

  it('several fixable calls in one async function: one action replaces them all and comes first, so Fix all still fixes each', async () => {
    const [copy] = (await findings('named-imports.ts')).filter((f) => f.message.includes('copyConfig'));
    assert.equal(copy.message, "'fs.readFileSync' and 1 more blocking call block the event loop in async 'copyConfig'");
    const [all, ...own] = (copy.fixes ?? []).filter((f) => !f.title.startsWith('Disable'));
    assert.equal(all.safe && all.preferred, true);
    assert.match(all.title, /^Fix all 2 calls: /);
    assert.deepEqual(own.map((f) => f.title.replace(/.*\(line (\d+)\)$/, '$1')), ['9', '11']);
    assert.ok(all.edits.length > own[0].edits.length, JSON.stringify(all.edits));
  });

  // A sync helper's chain stops at its first blocking call (the call graph's reach), so its other opens are not roots of their own.
  it('Python: two sleeps in one async function: one finding; a helper with three opens: one; two helpers: two', async () => {
    const found = await findings('one_function.py');
    assert.deepEqual(found.map((f) => f.message).sort(), [
      "'open()' in sync 'file_meta' blocks the event loop: 'async def get_entry' and 1 more reach it",
      "'open()' in sync 'read_manifest' blocks the event loop: 'async def describe' reaches it",
      "'time.sleep()' and 1 more blocking call block the event loop in 'async def poll'",
      "'time.sleep()' in sync 'pause' blocks the event loop: 'async def describe' reaches it",
    ]);
    const meta = found.find((f) => f.message.includes('file_meta'))!;
    assert.deepEqual(meta.related?.map((r) => r.message.replace(/:.*/, '')), ["'async def get_entry' reaches it", "'async def list_entry' reaches it"]);
    const poll = found.find((f) => f.message.includes('poll'))!;
    // Both sleeps are replaced by the first (safe) action, what Fix all applies.
    const [all] = poll.fixes ?? [];
    assert.equal(all.title, 'Replace with await asyncio.sleep(...), all 2 calls');
    assert.equal(all.safe, true);
    assert.equal(all.edits.filter((e) => e.newText.startsWith('await asyncio.sleep(')).length, 2);
    assert.deepEqual(poll.related?.map((r) => r.message), ["'time.sleep()' blocks here too, in the same async function"]);
  });
});
