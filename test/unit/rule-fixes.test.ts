/**
 * The quick fixes of cpu-bound-on-event-loop's sibling rules and of suppressions:
 * each fix is applied to its fixture's text, the result is checked line by line,
 * and it must type-check with no new errors. Disable fixes are fed back through
 * the engine, which must then report nothing for that finding.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, before } from 'node:test';
import type { AnalysisWorkspace, ResolvedFinding } from '../../server/src/engine/workspace';
import { fixAllEdits } from '../../server/src/engine/fix-all';
import { parseDirectives } from '../../server/src/engine/suppressions';
import { resolveSettings } from '../../server/src/protocol';
import { applyOffsetEdits, newTypeErrors } from '../helpers/fix-check';
import { createWorkspace, repoRoot } from '../helpers/workspace';

const rulesRoot = join(repoRoot, 'test-fixtures', 'rules');
const settings = resolveSettings({});

describe('rule quick fixes', () => {
  let workspace: AnalysisWorkspace;
  before(async () => {
    workspace = await createWorkspace([rulesRoot]);
  });

  async function findingOn(file: string, code: string, rule: string): Promise<{ text: string; finding: ResolvedFinding }> {
    const path = join(rulesRoot, file);
    const text = readFileSync(path, 'utf8');
    const result = await workspace.analyzeFile(path, settings);
    const finding = result.findings.find((f) => f.rule === rule && text.slice(f.start, f.end) === code);
    assert.ok(finding, `no ${rule} finding on \`${code}\`; found: ${result.findings.map((f) => `${f.rule}: ${text.slice(f.start, f.end)}`).join(' | ')}`);
    return { text, finding };
  }

  const ATOMICS: Array<{ code: string; expect: string }> = [
    { code: 'counters[slot]++', expect: '  Atomics.add(counters, slot, 1);' },
    { code: 'counters[1] += bytes', expect: '  Atomics.add(counters, 1, bytes);' },
    { code: 'counters[2] = bytes', expect: '  Atomics.store(counters, 2, bytes);' },
    { code: 'totals[0]++', expect: '  Atomics.add(totals, 0, 1n);' },
    { code: 'counters[3]--', expect: '  const previous = Atomics.sub(counters, 3, 1);' },
  ];
  for (const c of ATOMICS) {
    it(`shared memory: ${c.code} → ${c.expect.trim()}`, async () => {
      const { text, finding } = await findingOn('unguarded-shared-state/shared-memory.ts', c.code, 'unguarded-shared-state');
      const fix = finding.fixes?.find((f) => f.preferred);
      assert.ok(fix && fix.safe, 'expected a safe, preferred Atomics fix');
      const fixed = applyOffsetEdits(text, fix.edits);
      assert.ok(fixed.split('\n').includes(c.expect), `expected the line "${c.expect}" in:\n${fixed}`);
      assert.deepEqual(newTypeErrors('shared-memory.ts', text, fixed), []);
    });
  }

  it('shared memory: a Float64Array write has no Atomics fix (Atomics needs integer arrays)', async () => {
    const { finding } = await findingOn('unguarded-shared-state/shared-memory.ts', 'ratios[0] = bytes / 2', 'unguarded-shared-state');
    assert.equal(finding.fixes?.some((f) => f.title.includes('Atomics')), false);
    assert.match(finding.detail ?? '', /cannot be used with Atomics/);
  });

  it('shared memory, worker side: counters[slot] += 1 → Atomics.add', async () => {
    const { text, finding } = await findingOn('unguarded-shared-state/workers/counter-worker.ts', 'counters[slot] += 1', 'unguarded-shared-state');
    const fixed = applyOffsetEdits(text, finding.fixes!.find((f) => f.preferred)!.edits);
    assert.ok(fixed.includes('  Atomics.add(counters, slot, 1);\n'), fixed);
    assert.deepEqual(newTypeErrors('counter-worker.ts', text, fixed), []);
  });

  const PROMISE_ALL: Array<{ code: string; expect: string[] }> = [
    { code: 'await isFile(path)', expect: ['  await Promise.all(paths.map(async (path) => { if (await isFile(path)) found.add(path); }));'] },
    { code: 'await fetchUser(id)', expect: ['  users.push(...(await Promise.all(ids.map(async (id) => await fetchUser(id)))));'] },
    { code: 'await fetchActive(id)', expect: ['  await Promise.all(ids.map(async (id) => {', '    out.set(id, user.active);', '  }));'] },
  ];
  for (const c of PROMISE_ALL) {
    it(`sequential-await: ${c.code} → Promise.all`, async () => {
      const { text, finding } = await findingOn('sequential-await/loops.ts', c.code, 'sequential-await');
      const fix = finding.fixes?.find((f) => f.title.includes('Promise.all'));
      assert.ok(fix, 'expected a Promise.all fix');
      assert.equal(fix.safe, false, 'running iterations concurrently changes behaviour: not for fix-all');
      const fixed = applyOffsetEdits(text, fix.edits);
      for (const line of c.expect) assert.ok(fixed.split('\n').includes(line), `expected the line "${line}" in:\n${fixed}`);
      assert.deepEqual(newTypeErrors('loops.ts', text, fixed), []);
    });
  }

  it('sequential-await: no Promise.all fix for a counting for loop, a for…in, a running sum, or a push among other statements', async () => {
    for (const code of ['await fetchUser(ids[i])', 'await fetchUser(record[key])', 'await fetchSize(url)', 'await exists(path)']) {
      const { finding } = await findingOn('sequential-await/loops.ts', code, 'sequential-await');
      assert.equal(finding.fixes?.some((f) => f.title.includes('Promise.all')), false, code);
    }
  });

  it('sequential-await (Python): one append → out.extend(await asyncio.gather(…)); a longer body gets no fix', async () => {
    const { text, finding } = await findingOn('sequential-await/loops.py', 'await fetch(url)', 'sequential-await');
    const fix = finding.fixes?.find((f) => f.title.includes('asyncio.gather'));
    assert.ok(fix, 'expected an asyncio.gather fix');
    assert.equal(fix.safe, false);
    const fixed = applyOffsetEdits(text, fix.edits);
    assert.ok(fixed.split('\n').includes('    pages.extend(await asyncio.gather(*(fetch(url) for url in urls)))'), fixed);
    const local = await findingOn('sequential-await/loops.py', 'await fetch(url.strip())', 'sequential-await');
    assert.equal(local.finding.fixes?.some((f) => f.title.includes('asyncio.gather')), false, 'a body of two statements');
  });

  it('fix-all applies the safe Atomics fixes and leaves the unsafe ones', async () => {
    const path = join(rulesRoot, 'unguarded-shared-state', 'shared-memory.ts');
    const text = readFileSync(path, 'utf8');
    const result = await workspace.analyzeFile(path, settings);
    const fixed = applyOffsetEdits(text, fixAllEdits(result.findings));
    for (const c of ATOMICS) assert.ok(fixed.split('\n').includes(c.expect), `fix-all missed ${c.code}:\n${fixed}`);
    assert.ok(!fixed.includes('loopwise-disable'), 'fix-all must not insert suppressions');
    assert.deepEqual(newTypeErrors('shared-memory.ts', text, fixed), []);
  });

  for (const scope of ['line', 'file'] as const) {
    it(`"Disable for this ${scope}" silences the finding and leaves no unused suppression`, async () => {
      const rel = 'cpu-bound-on-event-loop/flagged.ts';
      const path = join(rulesRoot, rel);
      const { text, finding } = await findingOn(rel, 'EMAIL.test(address)', 'cpu-bound-on-event-loop');
      const fix = finding.fixes?.find((f) => f.title === `Disable cpu-bound-on-event-loop for this ${scope}`);
      assert.ok(fix, `no disable-for-${scope} fix: ${finding.fixes?.map((f) => f.title).join(', ')}`);
      const fixed = applyOffsetEdits(text, fix.edits);
      const expected = scope === 'line' ? '  // loopwise-disable-next-line cpu-bound-on-event-loop\n  return EMAIL.test(address);' : '/* loopwise-disable cpu-bound-on-event-loop */\n// CPU-heavy work';
      assert.ok(fixed.includes(expected), fixed);
      assert.deepEqual(newTypeErrors('flagged.ts', text, fixed), []);
      workspace.setDocumentText(path, fixed);
      try {
        const after = await workspace.analyzeFile(path, settings);
        const remaining = after.findings.filter((f) => f.rule === 'cpu-bound-on-event-loop');
        const before = (await (async () => {
          workspace.setDocumentText(path, undefined);
          return workspace.analyzeFile(path, settings);
        })()).findings.filter((f) => f.rule === 'cpu-bound-on-event-loop');
        assert.equal(remaining.length, scope === 'line' ? before.length - 1 : 0);
        assert.equal(after.findings.filter((f) => f.rule === 'unused-suppression').length, 0);
      } finally {
        workspace.setDocumentText(path, undefined);
      }
    });
  }
});

describe('suppression directives', () => {
  it('parses rules and reasons in JS comments, and ignores strings', () => {
    const text = [
      "const s = '// loopwise-disable-line a';",
      '// loopwise-disable-next-line blocking-call-in-async, sequential-await -- why not',
      'f();',
    ].join('\n');
    const directives = parseDirectives(text, '/x.ts');
    assert.equal(directives.length, 1);
    assert.equal(directives[0].kind, 'next-line');
    assert.equal(directives[0].line, 2);
    assert.deepEqual(directives[0].rules.map((r) => r.name), ['blocking-call-in-async', 'sequential-await']);
    assert.equal(directives[0].misplaced, false);
  });

  it('reads the same words after # in Python, not inside strings', () => {
    const text = [
      '# loopwise-disable unpicklable-task',
      'x = "# loopwise-disable-line a"',
      'y = """',
      '# loopwise-disable-line b',
      '"""',
      'z = open(p).read()  # loopwise-disable-line blocking-call-in-async -- start-up only',
      '# loopwise-disable cpu-bound-in-threads',
    ].join('\n');
    const directives = parseDirectives(text, '/x.py');
    assert.deepEqual(directives.map((d) => [d.kind, d.line, d.rules.map((r) => r.name).join(','), d.misplaced ?? false]), [
      ['file', -1, 'unpicklable-task', false],
      ['line', 5, 'blocking-call-in-async', false],
      ['file', -1, 'cpu-bound-in-threads', true],
    ]);
  });

  it('a block comment after a regex literal containing // is still found', () => {
    const text = 'const re = /a\\/\\/b/g; /* loopwise-disable-line x */\nconst t = `${re}//`; // loopwise-disable-line y';
    assert.deepEqual(parseDirectives(text, '/x.js').map((d) => d.rules[0].name), ['x', 'y']);
  });
});
