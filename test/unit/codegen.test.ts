/**
 * `scripts/codegen.mjs` derives RULE_IDS, the registry list, the `loopwise.rules`
 * schema and the README's rule table from the rule folders. This test fails when
 * any of them is out of date (run `npm run codegen`), and shows on a copy of the
 * inputs that an edited rule makes them stale.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../helpers/workspace';

interface Codegen {
  staleFiles(root: string): string[];
  readRules(root: string): { id: string; languages: string[] }[];
}
const codegen = import(pathToFileURL(join(repoRoot, 'scripts', 'codegen.mjs')).href) as Promise<Codegen>;

describe('codegen', () => {
  const copy = mkdtempSync(join(tmpdir(), 'loopwise-codegen-'));
  after(() => rmSync(copy, { recursive: true, force: true }));
  for (const path of ['server/src/rules', 'server/src/protocol.ts', 'package.json', 'README.md', 'docs/rules']) {
    cpSync(join(repoRoot, path), join(copy, path), { recursive: true });
  }

  it('the generated files are up to date with the rule folders', async () => {
    assert.deepEqual((await codegen).staleFiles(repoRoot), [], 'run `npm run codegen`');
  });

  it('reads every rule folder', async () => {
    const ids = (await codegen).readRules(repoRoot).map((r) => r.id);
    assert.ok(ids.includes('blocking-call-in-async') && ids.includes('unused-suppression'), ids.join(', '));
    assert.deepEqual(ids, [...ids].sort());
  });

  it('a changed summary makes the schema and the README stale; a new folder, the ids and the registry', async () => {
    const { staleFiles } = await codegen;
    assert.deepEqual(staleFiles(copy), []);
    const index = join(copy, 'server/src/rules/dangling-task/index.ts');
    writeFileSync(index, readFileSync(index, 'utf8').replace("summary: 'a dropped", "summary: 'an unkept"));
    assert.deepEqual(staleFiles(copy), ['package.json', 'README.md']);
    cpSync(join(copy, 'server/src/rules/dangling-task'), join(copy, 'server/src/rules/dropped-task'), { recursive: true });
    const added = join(copy, 'server/src/rules/dropped-task/index.ts');
    writeFileSync(added, readFileSync(added, 'utf8').replace("id: 'dangling-task'", "id: 'dropped-task'"));
    cpSync(join(copy, 'docs/rules/dangling-task.md'), join(copy, 'docs/rules/dropped-task.md'));
    assert.deepEqual(staleFiles(copy), ['server/src/protocol.ts', 'server/src/rules/registry.ts', 'package.json', 'README.md']);
  });
});
