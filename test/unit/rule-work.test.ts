/**
 * Rule work is near-linear in the file, and a per-file budget turns runaway work
 * into a note. Work is counted, never timed: the tree walks' `forEachChild`
 * calls and the checker's symbol look-ups during one file's analysis, on
 * generated inputs of size n and 2n. Linear work doubles; the cubic
 * `unguarded-shared-state` on an assignment chain grew about eightfold.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createAnalysisWorkspace } from '../../server/src/analysis';
import { DEFAULT_SETTINGS } from '../../server/src/protocol';
import { ts } from '../../server/src/lang/ts/compiler';
import type { TypeScriptBackend } from '../../server/src/lang/ts/typescript-backend';
import { BLOCKING_PY, BLOCKING_TS, FUZZ_TOKENS, assignmentChain, repeatedTokens, writeProject } from '../helpers/pathological';

const tsBackend = (workspace: ReturnType<typeof createAnalysisWorkspace>) => workspace.typescript as TypeScriptBackend;

async function workFor(source: string): Promise<number> {
  const dir = writeProject({ 'input.ts': source });
  const file = join(dir, 'input.ts');
  const workspace = createAnalysisWorkspace([dir]);
  const index = tsBackend(workspace).indexFor(file);
  workspace.typescript.preload([file]);
  const sourceFile = index.program.getSourceFile(file)!;
  const checker = index.checker;
  // Every non-leaf node shares NodeObject's prototype; its forEachChild is what every walk calls.
  const nodeProto = Object.getPrototypeOf(sourceFile.statements[0]) as { forEachChild: (...args: unknown[]) => unknown };
  const forEachChild = nodeProto.forEachChild;
  const getSymbolAtLocation = checker.getSymbolAtLocation;
  let work = 0;
  nodeProto.forEachChild = function (this: ts.Node, ...args: unknown[]) {
    work++;
    return forEachChild.apply(this, args);
  };
  checker.getSymbolAtLocation = function (this: ts.TypeChecker, node: ts.Node) {
    work++;
    return getSymbolAtLocation.call(this, node);
  };
  try {
    const result = await workspace.analyzeFile(file, DEFAULT_SETTINGS);
    assert.ok(!result.error?.startsWith('skipped'), `the input was skipped: ${result.error}`);
  } finally {
    nodeProto.forEachChild = forEachChild;
    checker.getSymbolAtLocation = getSymbolAtLocation;
  }
  return work;
}

async function growth(make: (n: number) => string, n: number): Promise<number> {
  const small = await workFor(make(n));
  const large = await workFor(make(2 * n));
  return large / small;
}

describe('rule work grows near-linearly with the input', () => {
  it('`const seen = total = total = … y` (the cubic unguarded-shared-state case): doubling the chain at most ~doubles the work', async () => {
    const ratio = await growth(assignmentChain, 200);
    assert.ok(ratio < 2.6, `work grew ${ratio.toFixed(2)}x when the chain doubled from 200 to 400 links`);
  });

  for (const token of FUZZ_TOKENS) {
    it(`${JSON.stringify(token)} repeated: doubling the run at most ~doubles the work`, async () => {
      const ratio = await growth((n) => repeatedTokens(token, n), 150);
      assert.ok(ratio < 2.6, `work grew ${ratio.toFixed(2)}x when the run doubled from 150 to 300`);
    });
  }
});

describe('the per-file analysis budget', () => {
  it('a file over its budget gets a note naming the rule that was running; another file is analysed in full', async () => {
    const dir = writeProject({ 'big.ts': repeatedTokens('total + ', 400) + BLOCKING_TS.replace('function f', 'function g'), 'good.ts': BLOCKING_TS });
    const workspace = createAnalysisWorkspace([dir]);
    // A budget small enough to stop the big file and not the small one: counted polls, no clock.
    tsBackend(workspace).budgetLimits = { pollsPerChar: 0, basePolls: 600, deadlineMs: 10 * 60_000 };
    const big = await workspace.analyzeFile(join(dir, 'big.ts'), DEFAULT_SETTINGS);
    const good = await workspace.analyzeFile(join(dir, 'good.ts'), DEFAULT_SETTINGS);
    assert.match(big.error ?? '', /^analysis stopped: this file went over its work budget while `[a-z-]+` ran/);
    assert.deepEqual(good.error, undefined);
    assert.deepEqual(good.findings.map((f) => f.rule), ['blocking-call-in-async']);
  });

  it('under the default budget, the generated inputs are analysed in full', async () => {
    const dir = writeProject({ 'chain.ts': assignmentChain(400) });
    const workspace = createAnalysisWorkspace([dir]);
    tsBackend(workspace).budgetLimits = { ...tsBackend(workspace).budgetLimits, deadlineMs: 10 * 60_000 };
    const result = await workspace.analyzeFile(join(dir, 'chain.ts'), DEFAULT_SETTINGS);
    assert.doesNotMatch(result.error ?? '', /analysis stopped/);
  });
});

describe('the per-file analysis budget for Python', () => {
  it('a Python file over its budget gets a note; another Python file keeps its finding', async () => {
    const body = Array.from({ length: 200 }, (_, i) => `async def h${i}():\n    time.sleep(1)\n`).join('\n');
    const dir = writeProject({ 'big.py': `import time\n\n${body}`, 'good.py': BLOCKING_PY });
    const workspace = createAnalysisWorkspace([dir]);
    const python = workspace.backendFor(join(dir, 'good.py')) as unknown as { budgetLimits: unknown };
    python.budgetLimits = { pollsPerChar: 0, basePolls: 50, deadlineMs: 10 * 60_000 };
    const big = await workspace.analyzeFile(join(dir, 'big.py'), DEFAULT_SETTINGS);
    const good = await workspace.analyzeFile(join(dir, 'good.py'), DEFAULT_SETTINGS);
    assert.match(big.error ?? '', /^analysis stopped: this file went over its work budget/);
    assert.deepEqual(good.error, undefined);
    assert.deepEqual(good.findings.map((f) => f.rule), ['blocking-call-in-async']);
  });
});
