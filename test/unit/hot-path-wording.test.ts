/**
 * blocking-call-in-async (TS/JS): when the hot-path evidence is the entry point itself
 * (the request handler the message names), the detail names that handler once; evidence
 * that adds something (a socket listener behind a generic `.on()`, a handler up the
 * call chain) is still said.
 */
import assert from 'node:assert/strict';
import { describe, it, before } from 'node:test';
import type { ResolvedFinding } from '../../server/src/engine/workspace';
import { ruleFixtureFindings } from '../helpers/workspace';

describe('blocking-call-in-async: hot-path evidence is not repeated', () => {
  let findings: (file: string) => Promise<ResolvedFinding[]>;
  before(async () => {
    findings = await ruleFixtureFindings('blocking-call-in-async');
  });

  const count = (text: string, part: string) => text.split(part).length - 1;

  it('a handler that is the entry point is named once in the detail', async () => {
    const found = await findings('hot-path/handler-itself.ts');
    assert.equal(found.length, 2);
    for (const finding of found) {
      assert.match(finding.message, /in a http\.createServer\(\) request handler$/);
      assert.ok(count(finding.detail ?? '', 'http.createServer() request handler') <= 1, finding.detail);
      assert.doesNotMatch(finding.detail ?? '', /It is on a hot path/);
    }
  });

  it('evidence that says more than the entry point stays', async () => {
    const found = await findings('hot-path/evidence.ts');
    // The socket case is the one inside logTraffic (evidence.ts, the 'data' listener).
    const socket = found.filter((f) => /in a 'data' listener/.test(f.detail ?? ''));
    assert.equal(socket.length, 1, found.map((f) => f.detail).join('\n'));
    assert.match(socket[0].detail ?? '', /It is on a hot path: it runs in a 'data' listener on a net\.Socket at evidence\.ts:\d+\./);
    const [reached] = await findings('one-root.ts');
    assert.match(reached.detail ?? '', /It is on a hot path: called from a http\.createServer\(\) request handler/);
  });
});
