/**
 * Verdicts under load (issue 15): busy loops on every core, started here, then real
 * CPU-bound, I/O-bound and GIL-bound profiles. Nothing asserts speed; each verdict must
 * agree with its own numbers: a recommended mode never measured slower than sequential,
 * efficiency only for pools and never over 100% in a conclusive verdict, a limit named
 * by the bound that applies, a delay caption that names the run that delayed most.
 * "Inconclusive: the machine was busy" is an allowed answer, with its evidence.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { runProfile, POOL_MODES, type ProfileResult } from '../../server/src/profiler/index.js';
import { INCONCLUSIVE_MODEL } from '../../server/src/profiler/verdict-checks.js';
import { runName } from '../../server/src/profiler/assemble.js';

const fixtures = join(__dirname, '..', '..', '..', 'test-fixtures', 'profiler');
const hasPython = spawnSync('python3', ['-c', 'pass']).status === 0;
const loops: ChildProcess[] = [];

before(() => {
  for (let i = 0; i < availableParallelism(); i++) loops.push(spawn(process.execPath, ['-e', 'for (;;);'], { stdio: 'ignore' }));
});
after(() => {
  for (const l of loops) l.kill('SIGKILL');
});

function assertConsistent(r: ProfileResult): void {
  const summary = `${r.classification} / ${r.recommendation.model}: ${r.runs.map((x) => `${x.mode}×${x.workers} ${x.speedup.toFixed(2)}`).join(', ')}`;
  for (const x of r.runs) assert.equal(x.efficiency !== undefined, POOL_MODES.includes(x.mode), `efficiency of ${x.mode}`);
  assert.ok(r.limit, 'the limit is named');
  if (r.limit.bound === 'cores') assert.ok(r.limitSpeedup <= r.cores + 1e-9, r.limit.text);
  const worst = r.runs.reduce((a, b) => (b.eventLoopDelayP99Ms > a.eventLoopDelayP99Ms ? b : a));
  if (worst.eventLoopDelayP99Ms >= 1) assert.ok(r.explain!.mainThreadDelayCaption.includes(runName(worst)), r.explain!.mainThreadDelayCaption);
  if (r.inconclusive) {
    assert.equal(r.recommendation.model, INCONCLUSIVE_MODEL, summary);
    assert.ok(r.inconclusive.evidence.length > 0);
    return;
  }
  for (const x of r.runs) assert.ok(x.efficiency === undefined || x.efficiency <= 1.05, `efficiency ${x.efficiency} in a conclusive verdict: ${summary}`);
  const mode = r.recommendation.mode;
  if (mode) {
    const got = Math.max(...r.runs.filter((x) => x.mode === mode).map((x) => x.speedup));
    assert.ok(got >= 1, `recommended ${mode}, measured ${got.toFixed(2)}×: ${summary}`);
  }
}

test('under load: a CPU-bound profile agrees with its numbers', async (ctx) => {
  const r = await runProfile({ file: join(fixtures, 'cpu-bound.ts'), target: { kind: 'function', name: 'spin' }, tasks: Array(4).fill([8_000_000]), maxWorkers: 2, timeoutSeconds: 120 });
  ctx.diagnostic(`${r.classification}: ${r.recommendation.model}`);
  assertConsistent(r);
});

test('under load: an I/O-bound profile agrees with its numbers, and its limit is not the cores', async (ctx) => {
  const r = await runProfile({ file: join(fixtures, 'io-bound.ts'), target: { kind: 'function', name: 'fetchLike' }, tasks: Array.from({ length: 8 }, (_, i) => [i, 50]), maxWorkers: 2, timeoutSeconds: 120 });
  ctx.diagnostic(`${r.classification}: ${r.recommendation.model}; limit ${r.limit?.text}; ${r.inconclusive?.evidence.join(" | ") ?? ""}`);
  assertConsistent(r);
  if (r.classification === 'io-bound') assert.equal(r.limit!.bound, 'tasks', r.limit!.text);
});

test('under load: a GIL-bound profile agrees with its numbers', { skip: !hasPython }, async (ctx) => {
  const r = await runProfile({ file: join(fixtures, 'python', 'workloads.py'), target: { kind: 'function', name: 'naive_sum' }, tasks: Array(4).fill([1_000_000]), maxWorkers: 2, timeoutSeconds: 180 });
  ctx.diagnostic(`${r.classification}: ${r.recommendation.model}`);
  assertConsistent(r);
  if (r.classification === 'gil-bound' && !r.inconclusive) {
    const processes = Math.max(...r.runs.filter((x) => x.mode === 'process-pool').map((x) => x.speedup));
    if (r.recommendation.mode === 'process-pool') assert.ok(processes >= 1);
  }
});
