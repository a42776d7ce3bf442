/**
 * cpu-bound-on-event-loop reports a heavy helper once, at the helper, with the
 * event-loop functions that call it in related information (three, then "and N
 * more"); the detail says where each collection comes from and, for a lookup, the
 * Map fix instead of a worker thread.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { AnalysisWorkspace } from '../../server/src/engine/workspace';
import { resolveSettings } from '../../server/src/protocol';
import { createWorkspace, repoRoot } from '../helpers/workspace';

const dir = join(repoRoot, 'test-fixtures', 'rules', 'cpu-bound-on-event-loop');

describe('cpu-bound-on-event-loop: one finding per root cause', () => {
  let workspace: AnalysisWorkspace;
  before(async () => {
    workspace = await createWorkspace([dir]);
  });

  it('reports the helper once, with its four async callers as related information', async () => {
    const file = join(dir, 'flagged-input.ts');
    const result = await workspace.analyzeFile(file, resolveSettings({}));
    const text = workspace.lineMapOf(file);
    const findings = result.findings.filter((f) => f.rule === 'cpu-bound-on-event-loop');
    const atHelper = findings.filter((f) => text.positionAt(f.start).line === 24);
    assert.equal(atHelper.length, 1, findings.map((f) => `${text.positionAt(f.start).line}: ${f.message}`).join('\n'));
    const [finding] = atHelper;
    assert.equal(finding.message, "For each item of 'left' this scans 'right': O(n·m) work on the event loop");
    const callers = (finding.related ?? []).filter((r) => r.message.startsWith('called on the event loop'));
    assert.equal(callers.length, 3);
    assert.match(callers[2].message, /\(and 1 more\)$/);
    assert.match(finding.detail ?? '', /'left' is .*passed to 'overlap'/);
    assert.match(finding.detail ?? '', /called from 4 event-loop functions/);
    assert.match(finding.detail ?? '', /Map \(or Set\)/);
    assert.doesNotMatch(finding.detail ?? '', /worker_threads/);
  });

  it('says where both collections of an in-place nest come from', async () => {
    const file = join(dir, 'flagged-input.ts');
    const result = await workspace.analyzeFile(file, resolveSettings({}));
    const join1 = result.findings.find((f) => f.rule === 'cpu-bound-on-event-loop' && f.message.startsWith("For each item of 'rows'"));
    assert.ok(join1);
    assert.match(join1.detail ?? '', /'rows' is an awaited result .*'users' is an awaited result/);
  });
});
