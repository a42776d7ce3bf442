/**
 * The profile panel's session history (server/src/profiler/panel-history.ts), which
 * decides what the panel shows: a new profile clears the old one, a cancel reads
 * "cancelled" (not a failure), only finished profiles export or compare.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareChange, exportFileName, HISTORY_LIMIT, ProfileHistory } from '../../server/src/profiler/panel-history';
import type { ProfileResult } from '../../server/src/profiler/types';

function result(fn: string, speedup: number, startedAt = '2026-12-02T04:05:06.000Z'): ProfileResult {
  return { function: fn, startedAt, classification: 'cpu-bound', best: { mode: 'worker-pool', workers: 2, wallMs: 100, speedup }, runs: [] } as unknown as ProfileResult;
}

describe('profile panel history', () => {
  it('shows a new profile at once, without the previous result', () => {
    const h = new ProfileHistory();
    const first = h.start('countPrimes');
    h.finish(first.id, result('countPrimes', 1.9));
    const second = h.start('countPrimes');
    const state = h.state();
    assert.equal(state.shownId, second.id);
    assert.equal(state.shown?.entry.outcome, 'running');
    assert.equal(state.shown?.result, undefined, 'no stale result under the new run');
    assert.deepEqual(state.history.map((e) => e.outcome), ['running', 'done'], 'the previous one is in the history');
  });

  it('a cancel is "cancelled", not a failure, and leaves nothing to export', () => {
    const h = new ProfileHistory();
    const e = h.start('slow');
    h.fail(e.id, { kind: 'cancelled', message: 'cancelled' } as never);
    const state = h.state();
    assert.equal(state.shown?.entry.outcome, 'cancelled');
    assert.equal(state.shown?.entry.summary, 'cancelled');
    assert.equal(h.result(e.id), undefined);
    const f = h.start('broken');
    h.fail(f.id, { kind: 'crashed', message: 'boom' } as never);
    assert.equal(h.state().shown?.entry.outcome, 'failed');
  });

  it('lets the user pick an older profile and compare two finished ones', () => {
    const h = new ProfileHistory();
    const a = h.start('f');
    h.finish(a.id, result('f', 1.2));
    const b = h.start('f');
    h.finish(b.id, result('f', 1.9));
    const c = h.start('g');
    h.fail(c.id, { kind: 'cancelled', message: '' } as never);
    assert.equal(h.compare(b.id, c.id), false, 'a cancelled profile cannot be compared');
    assert.equal(h.compare(b.id, b.id), false);
    assert.equal(h.compare(b.id, a.id), true);
    const state = h.state();
    assert.equal(state.compare?.left.result.best.speedup, 1.9);
    assert.equal(state.compare?.right.result.best.speedup, 1.2);
    assert.equal(h.show(a.id), true);
    assert.equal(h.state().compare, undefined, 'showing one profile closes the comparison');
    assert.equal(h.state().shown?.result?.best.speedup, 1.2);
    assert.equal(h.state().history[0].summary, 'cancelled');
    assert.equal(h.state().history[1].summary, 'CPU-bound, best 1.90×');
  });

  it('the comparison reads later against earlier on either side: a run that got 3x slower is +200%, not -67%', () => {
    const earlier = { startedAt: 1_000, wallMs: 100 };
    const later = { startedAt: 2_000, wallMs: 300 };
    assert.equal(compareChange(later, earlier), '+200%');
    assert.equal(compareChange(earlier, later), '+200%');
    assert.equal(compareChange({ startedAt: 2_000, wallMs: 50 }, earlier), '−50%');
    assert.equal(compareChange({ startedAt: 2_000 }, earlier), '–');
  });

  it(`keeps the last ${HISTORY_LIMIT} profiles`, () => {
    const h = new ProfileHistory();
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) h.start(`f${i}`);
    assert.equal(h.state().history.length, HISTORY_LIMIT);
    assert.equal(h.state().history[0].label, `f${HISTORY_LIMIT + 4}`);
  });

  it('export file names say the function, the time and what the file holds', () => {
    assert.equal(exportFileName(result('count primes', 1), 'json'), 'count_primes-20261202-040506.profile.json');
    assert.equal(exportFileName(result('f', 1), 'trace'), 'f-20261202-040506.trace.json');
  });
});
