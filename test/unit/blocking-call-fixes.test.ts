/**
 * The blocking-call-in-async quick fixes: each one is applied to its fixture, the
 * changed lines are checked, and the result must type-check with no new errors.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, before } from 'node:test';
import { resolveSettings } from '../../server/src/protocol';
import type { AnalysisWorkspace } from '../../server/src/engine/workspace';
import { fixAllEdits } from '../../server/src/engine/fix-all';
import { applyEdits, typeErrors } from '../helpers/apply-edits';
import { createWorkspace, repoRoot } from '../helpers/workspace';

const root = join(repoRoot, 'test-fixtures', 'fixes');
const tsconfig = join(root, 'tsconfig.json');
const dir = join(root, 'blocking-call-in-async');

/** For each fixture: the call each fix replaces, and the text it must leave in the file. */
const CASES: Array<{ file: string; call: string; expect: string[]; absent?: string[] }> = [
  { file: 'named-imports.ts', call: "readFileSync(from, 'utf8')", expect: ["const text = await readFile(from, 'utf8');", "import { readFile } from 'node:fs/promises';"] },
  { file: 'named-imports.ts', call: 'writeFileSync(to, text.toUpperCase())', expect: ['await writeFile(to, text.toUpperCase());', "import { writeFile } from 'node:fs/promises';"] },
  { file: 'named-imports.ts', call: "execSync('git rev-parse HEAD', { encoding: 'utf8' })", expect: ["return (await promisify(exec)('git rev-parse HEAD', { encoding: 'utf8' })).stdout.trim();", "import { exec } from 'node:child_process';", "import { promisify } from 'node:util';"], absent: ['execSync'] },
  { file: 'named-imports.ts', call: 'gzipSync(data)', expect: ['return await promisify(gzip)(data);', "import { gzip } from 'node:zlib';"], absent: ['gzipSync'] },
  { file: 'named-imports.ts', call: "pbkdf2Sync(password, 'salt', 1000, 32, 'sha256')", expect: ["return await promisify(pbkdf2)(password, 'salt', 1000, 32, 'sha256');"] },
  { file: 'namespace.ts', call: "fs.readFileSync(b, 'utf8')", expect: ["const second = await fs.promises.readFile(b, 'utf8');"] },
  { file: 'namespace.ts', call: "fs.mkdirSync('/tmp/out', { recursive: true })", expect: ["await fs.promises.mkdir('/tmp/out', { recursive: true });"] },
  // The fix leaves no unused import: pbkdf2Sync's import becomes pbkdf2's.
  { file: 'named-imports.ts', call: "pbkdf2Sync(password, 'salt', 1000, 32, 'sha256')", expect: ["import { pbkdf2 } from 'node:crypto';"], absent: ['pbkdf2Sync'] },
  // A new import goes where the file keeps its imports, in its order: sorted, so in sorted place.
  { file: 'sorted-imports.ts', call: "execFileSync('git', ['status'])", expect: ["import { execFile } from 'node:child_process';\nimport { readFile } from 'node:fs/promises';\nimport { promisify } from 'node:util';\nimport { helper } from './helper';"], absent: ['execFileSync'] },
  { file: 'commonjs.cjs', call: "readFileSync(path, 'utf8')", expect: ["return JSON.parse(await readFile(path, 'utf8'));", "const { readFile } = require('fs/promises');"] },
];

describe('blocking-call-in-async quick fixes', () => {
  let workspace: AnalysisWorkspace;
  before(async () => {
    workspace = await createWorkspace([root]);
  });

  for (const c of CASES) {
    it(`${c.file}: ${c.call}`, async () => {
      const file = join(dir, c.file);
      const text = readFileSync(file, 'utf8');
      const result = await workspace.analyzeFile(file, resolveSettings({}));
      const finding = result.findings.find((f) => text.slice(f.start, f.end) === c.call);
      assert.ok(finding, `no finding on ${c.call}; found: ${result.findings.map((f) => text.slice(f.start, f.end)).join(' | ')}`);
      const fix = finding.fixes?.find((f) => f.preferred);
      assert.ok(fix, 'the finding has no preferred fix');
      const fixed = applyEdits(text, fix.edits);
      for (const line of c.expect) assert.ok(fixed.includes(line), `expected "${line}" in:\n${fixed}`);
      for (const gone of c.absent ?? []) assert.ok(!fixed.includes(gone), `expected no "${gone}" (an import the fix made unused) in:\n${fixed}`);
      const before = typeErrors(tsconfig, file, text);
      const after = typeErrors(tsconfig, file, fixed);
      assert.deepEqual(after.filter((e) => !before.includes(e)), [], `new type errors after the fix:\n${fixed}`);
    });
  }

  it('fix-all applies every safe fix once, and the file still type-checks', async () => {
    const file = join(dir, 'named-imports.ts');
    const text = readFileSync(file, 'utf8');
    const result = await workspace.analyzeFile(file, resolveSettings({}));
    const fixed = applyEdits(text, fixAllEdits(result.findings));
    assert.equal(fixed.match(/from 'node:util'/g)?.length, 1, fixed);
    assert.equal(fixed.match(/from 'node:fs\/promises'/g)?.length, 1, fixed);
    const after = typeErrors(tsconfig, file, fixed);
    assert.deepEqual(after, [], fixed);
  });
});
