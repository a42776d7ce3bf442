/** The manifest's editor-facing parts: settings order, the icon, the commands the client registers. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../helpers/workspace';

import { TypeScriptBackend } from '../../server/src/lang/ts/typescript-backend';

const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const properties: Record<string, { order?: number; default?: unknown; enum?: string[] }> = manifest.contributes.configuration.properties;

describe('manifest', () => {
  it('orders every setting, loopwise.enable first', () => {
    const ordered = Object.entries(properties).sort((a, b) => (a[1].order ?? Infinity) - (b[1].order ?? Infinity));
    assert.equal(ordered[0][0], 'loopwise.enable');
    for (const [key, schema] of ordered) assert.equal(typeof schema.order, 'number', `${key} has an order`);
    assert.equal(new Set(ordered.map(([, s]) => s.order)).size, ordered.length, 'no two settings share an order');
  });

  it('declares diagnosticMode openFiles | workspace and the exported-functions code lens, off by default', () => {
    assert.deepEqual(properties['loopwise.diagnosticMode'].enum, ['openFiles', 'workspace']);
    assert.equal(properties['loopwise.profiler.codeLens.exportedFunctions'].default, false);
  });

  it('activates in a workspace that holds source files, with no file open (workspace-mode diagnostics need it)', () => {
    const ts = new TypeScriptBackend([repoRoot], []);
    const glob = (manifest.activationEvents as string[]).find((e) => e.startsWith('workspaceContains:'));
    assert.ok(glob, 'a workspaceContains activation event');
    const exts = /\{([^}]+)\}$/.exec(glob)![1].split(',');
    for (const ext of ['ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs']) {
      assert.ok(ts.handles(`/w/a.${ext}`), `the backend analyses .${ext}`);
      assert.ok(exts.includes(ext), `workspaceContains names .${ext}`);
    }
    assert.ok(exts.includes('py'));
  });

  it('has a 128×128 PNG icon that the package includes', () => {
    const png = readFileSync(join(repoRoot, manifest.icon));
    assert.equal(png.subarray(1, 4).toString(), 'PNG');
    assert.equal(png.readUInt32BE(16), 128);
    assert.equal(png.readUInt32BE(20), 128);
    assert.match(readFileSync(join(repoRoot, '.vscodeignore'), 'utf8'), new RegExp(`^!${manifest.icon.replace('.', '\\.')}$`, 'm'));
  });

  it('contributes every command the client registers', () => {
    const source = ['client/src/extension.ts', 'client/src/profile/register.ts'].map((f) => readFileSync(join(repoRoot, f), 'utf8')).join('\n');
    const registered = [...source.matchAll(/registerCommand\('([\w.]+)'/g)].map((m) => m[1]).sort();
    const contributed = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(registered, contributed);
  });
});
