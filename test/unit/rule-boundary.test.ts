/**
 * Errors at the boundary: a rule that throws loses its own findings on that file,
 * is logged with the file, the rule and the stack, and leaves a note on the file;
 * the other rules' findings stay, and its suppressions are not reported unused.
 * A cancelled analysis is its own outcome.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { AnalysisWorkspace } from '../../server/src/engine/workspace';
import { PythonBackend } from '../../server/src/lang/python/backend';
import type { PyRule } from '../../server/src/lang/python/rule-context';
import type { TsRule } from '../../server/src/lang/ts/rule-context';
import { TypeScriptBackend } from '../../server/src/lang/ts/typescript-backend';
import { DEFAULT_SETTINGS } from '../../server/src/protocol';
import { findRule, pythonRules, rules, typescriptRules } from '../../server/src/rules';

const dir = mkdtempSync(join(tmpdir(), 'loopwise-boundary-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const failing = { ...findRule('sequential-await')!.meta };
class RuleBug extends Error {}
const throwingTs: TsRule = {
  meta: failing,
  checkTypeScript(ctx) {
    ctx.report({ start: 0, end: 1, message: 'reported before the failure' });
    throw new RuleBug('boom in TypeScript');
  },
};
const throwingPy: PyRule = {
  meta: failing,
  checkPython(ctx) {
    ctx.report({ start: 0, end: 1, message: 'reported before the failure' });
    throw new RuleBug('boom in Python');
  },
};
const blockingTs = typescriptRules.find((r) => r.meta.id === 'blocking-call-in-async')!;
const blockingPy = pythonRules.find((r) => r.meta.id === 'blocking-call-in-async')!;

function workspace(log: string[]): AnalysisWorkspace {
  return new AnalysisWorkspace([dir], (roots) => ({
    typescript: new TypeScriptBackend(roots, [throwingTs, blockingTs]),
    backends: [new PythonBackend(roots, [throwingPy, blockingPy])],
    rules,
    log: (m) => log.push(m),
  }));
}

describe('rule failures are caught where rules are dispatched', () => {
  const ts = join(dir, 'handler.ts');
  writeFileSync(ts, [
    "import { readFileSync } from 'fs';",
    'export async function handler(paths: string[]) {',
    '  // loopwise-disable-next-line sequential-await',
    "  return paths.map((p) => readFileSync(p, 'utf8'));",
    '}',
    '',
  ].join('\n'));
  const py = join(dir, 'handler.py');
  writeFileSync(py, ['import time', '', 'async def handler():', '    time.sleep(1)', ''].join('\n'));

  for (const [language, file, message] of [['TypeScript', ts, 'boom in TypeScript'], ['Python', py, 'boom in Python']] as const) {
    it(`${language}: the other rules' findings stay, the failure is a note and a log line`, async () => {
      const log: string[] = [];
      const result = await workspace(log).analyzeFile(file, DEFAULT_SETTINGS);
      assert.deepEqual(result.findings.map((f) => f.rule), ['blocking-call-in-async'], JSON.stringify(result.findings));
      assert.match(result.error ?? '', /the rule sequential-await failed on this file \(boom in/);
      assert.equal(log.length, 1, log.join('\n'));
      assert.ok(log[0].includes(`rule sequential-await failed on ${file}`), log[0]);
      assert.ok(log[0].includes(message) && log[0].includes('rule-boundary.test'), `the log line has the stack: ${log[0]}`);
    });
  }

  it('cancellation is its own outcome, not a failure and not "no findings"', async () => {
    const log: string[] = [];
    const result = await workspace(log).analyzeFile(ts, DEFAULT_SETTINGS, { isCancellationRequested: true });
    assert.deepEqual(result, { file: ts, findings: [], cancelled: true });
    assert.deepEqual(log, []);
  });
});
