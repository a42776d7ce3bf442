/**
 * blocking-call-in-async reports a root cause once: at the blocking call, with the
 * event-loop entry points that reach it as related information (a few, then
 * "and N more"), a one-line message and the why and fix in `detail`.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it, before } from 'node:test';
import { resolveSettings } from '../../server/src/protocol';
import type { AnalysisWorkspace } from '../../server/src/engine/workspace';
import { createWorkspace, repoRoot } from '../helpers/workspace';

const dir = join(repoRoot, 'test-fixtures', 'rules', 'blocking-call-in-async');

describe('blocking-call-in-async: one finding per root cause', () => {
  let workspace: AnalysisWorkspace;
  before(async () => {
    workspace = await createWorkspace([join(repoRoot, 'test-fixtures', 'rules')]);
  });

  async function findings(file: string) {
    const result = await workspace.analyzeFile(join(dir, file), resolveSettings({}));
    assert.equal(result.error, undefined);
    return result.findings.filter((f) => f.rule === 'blocking-call-in-async');
  }

  it('an anonymous entry point is named by what it is handed to, never "(anonymous)"', async () => {
    const demo = join(repoRoot, 'test-fixtures', 'workspaces', 'demo', 'src', 'server.ts');
    const own = await createWorkspace([join(repoRoot, 'test-fixtures', 'workspaces', 'demo')]);
    const result = await own.analyzeFile(demo, resolveSettings({}));
    const messages = result.findings.filter((f) => f.rule === 'blocking-call-in-async').map((f) => f.message);
    assert.ok(messages.includes("'child_process.execSync' blocks the event loop in a http.createServer() request handler"), messages.join(' | '));
    assert.ok(messages.every((m) => !m.includes('(anonymous)')), messages.join(' | '));
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
});
