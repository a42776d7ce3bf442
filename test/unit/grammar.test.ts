/**
 * Snapshot tests for the directive grammar (syntaxes/loopwise-directives.tmLanguage.json):
 * each input under test-fixtures/grammar/ is tokenised with vscode-textmate and
 * vscode-oniguruma, and its token dump must equal the `.snap` beside it. The base
 * grammars in test-fixtures/grammar/base/ give comments and strings the scope
 * names VS Code's own TypeScript and Python grammars use, so the test needs no
 * download; when VS Code's grammars are on disk (the e2e cache), the directive
 * tokens are checked against them too. `UPDATE_SNAPSHOTS=1` rewrites the snapshots.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, before } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { repoRoot } from '../helpers/workspace';

const fixtures = join(repoRoot, 'test-fixtures', 'grammar');
const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const contribution = manifest.contributes.grammars.find((g: { path: string }) => g.path.includes('loopwise-directives'));
const vscodeGrammars = join(repoRoot, '.cache', 'e2e', 'code-server', 'node_modules', 'code-server', 'lib', 'vscode', 'extensions');

const BASES: Record<string, { scope: string; file: string; real: string }> = {
  '.ts': { scope: 'source.ts', file: 'typescript.tmLanguage.json', real: join(vscodeGrammars, 'typescript-basics', 'syntaxes', 'TypeScript.tmLanguage.json') },
  '.py': { scope: 'source.python', file: 'python.tmLanguage.json', real: join(vscodeGrammars, 'python', 'syntaxes', 'MagicPython.tmLanguage.json') },
};

let onigLib: Promise<textmate.IOnigLib> | undefined;
function loadOniguruma(): Promise<textmate.IOnigLib> {
  onigLib ??= (async () => {
    const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    return {
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    };
  })();
  return onigLib;
}

function registry(grammarFiles: Record<string, string>): textmate.Registry {
  return new textmate.Registry({
    onigLib: loadOniguruma(),
    loadGrammar: async (scopeName) => {
      const path = grammarFiles[scopeName];
      if (!path) return null;
      return textmate.parseRawGrammar(readFileSync(path, 'utf8'), path);
    },
    getInjections: (scopeName) => (contribution.injectTo.includes(scopeName) ? [contribution.scopeName] : []),
  });
}

/** One line per token: its text and its scopes below the root, e.g. `"blocking-call-in-async" comment.line… entity.name.rule.loopwise`. */
async function tokenDump(reg: textmate.Registry, scope: string, text: string, onlyLoopwise = false): Promise<string> {
  const grammar = await reg.loadGrammar(scope);
  assert.ok(grammar, `could not load ${scope}`);
  let stack = textmate.INITIAL;
  const out: string[] = [];
  text.split('\n').forEach((line, n) => {
    const result = grammar.tokenizeLine(line, stack);
    for (const token of result.tokens) {
      const scopes = token.scopes.slice(1);
      if (onlyLoopwise && !scopes.some((s) => s.endsWith('.loopwise'))) continue;
      const shown = onlyLoopwise ? scopes.filter((s) => s.endsWith('.loopwise')) : scopes;
      out.push(`${n + 1}:${token.startIndex} ${JSON.stringify(line.slice(token.startIndex, token.endIndex))} ${shown.join(' ')}`);
    }
    stack = result.ruleStack;
  });
  return out.join('\n') + '\n';
}

describe('directive grammar', () => {
  const grammarPath = join(repoRoot, contribution.path);
  const inputs = readdirSync(fixtures).filter((f) => /\.(ts|py)$/.test(f)).sort();

  before(async () => {
    await loadOniguruma();
  });

  it('is contributed as an injection into JS, TS and Python', () => {
    assert.deepEqual([...contribution.injectTo].sort(), ['source.js', 'source.js.jsx', 'source.python', 'source.ts', 'source.tsx']);
    assert.equal(JSON.parse(readFileSync(grammarPath, 'utf8')).scopeName, contribution.scopeName);
  });

  for (const input of inputs) {
    const ext = input.slice(input.lastIndexOf('.'));
    const base = BASES[ext];
    it(`${input} matches its snapshot`, async () => {
      const reg = registry({ [base.scope]: join(fixtures, 'base', base.file), [contribution.scopeName]: grammarPath });
      const dump = await tokenDump(reg, base.scope, readFileSync(join(fixtures, input), 'utf8'));
      const snap = join(fixtures, `${input}.snap`);
      if (process.env.UPDATE_SNAPSHOTS || !existsSync(snap)) writeFileSync(snap, dump);
      assert.equal(dump, readFileSync(snap, 'utf8'));
    });

    it(`${input}: VS Code's own grammar gives the same directive tokens`, { skip: !existsSync(base.real) && 'VS Code grammars not cached' }, async () => {
      const stub = registry({ [base.scope]: join(fixtures, 'base', base.file), [contribution.scopeName]: grammarPath });
      const real = registry({ [base.scope]: base.real, [contribution.scopeName]: grammarPath });
      const text = readFileSync(join(fixtures, input), 'utf8');
      assert.equal(await tokenDump(real, base.scope, text, true), await tokenDump(stub, base.scope, text, true));
    });
  }
});
