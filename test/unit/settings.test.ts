/**
 * package.json is the one schema for settings. This suite checks that the
 * manifest, the server's settings type (through `resolveSettings` and
 * `DEFAULT_SETTINGS`), the rule registry and the docs agree.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS, RULE_IDS, resolveSettings } from '../../server/src/protocol';
import { rules } from '../../server/src/rules';
import { repoRoot } from '../helpers/workspace';

interface SettingSchema {
  type: string;
  default?: unknown;
  scope?: string;
  enum?: string[];
  properties?: Record<string, SettingSchema>;
  items?: SettingSchema;
  pattern?: string;
  description?: string;
  markdownDescription?: string;
}

const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const properties: Record<string, SettingSchema> = manifest.contributes.configuration.properties;
const LEVELS = ['off', 'hint', 'info', 'warning', 'error'];

/** `{ enable, rules, blockingApis: { extra } }` → `enable`, `rules`, `blockingApis.extra`: objects of free keys (rules) stay whole. */
function settingKeys(value: Record<string, unknown>, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, v] of Object.entries(value)) {
    const name = prefix + key;
    if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0) {
      for (const [k, inner] of settingKeys(v as Record<string, unknown>, `${name}.`)) out.set(k, inner);
    } else {
      out.set(name, v);
    }
  }
  return out;
}

function docsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? docsFiles(join(dir, e.name)) : e.name.endsWith('.md') ? [join(dir, e.name)] : []));
}

describe('settings: package.json, the settings type and the docs agree', () => {
  it('every setting the server reads is declared in package.json with the same default', () => {
    const keys = settingKeys(DEFAULT_SETTINGS as unknown as Record<string, unknown>);
    assert.deepEqual([...keys.keys()].sort(), ['blockingApis.extra', 'enable', 'honourPeerSuppressions', 'rules']);
    for (const [key, value] of keys) {
      const schema = properties[`loopwise.${key}`];
      assert.ok(schema, `loopwise.${key} is missing from package.json`);
      assert.deepEqual(schema.default, value, `default of loopwise.${key}`);
    }
  });

  it('every setting declares a scope and a description', () => {
    for (const [key, schema] of Object.entries(properties)) {
      assert.ok(key.startsWith('loopwise.'), key);
      assert.ok(schema.scope, `${key} has no scope`);
      assert.ok((schema.description ?? schema.markdownDescription ?? '').length > 20, `${key} needs a description`);
    }
  });

  it('loopwise.rules lists exactly the rule ids, each with the five levels', () => {
    const schema = properties['loopwise.rules'];
    assert.equal(schema.type, 'object');
    assert.equal(schema.scope, 'resource');
    assert.deepEqual(Object.keys(schema.properties ?? {}).sort(), [...RULE_IDS].sort());
    for (const [id, rule] of Object.entries(schema.properties ?? {})) assert.deepEqual(rule.enum, LEVELS, id);
  });

  it('loopwise.blockingApis.extra is a resource-scoped array of module#export strings', () => {
    const schema = properties['loopwise.blockingApis.extra'];
    assert.equal(schema.type, 'array');
    assert.equal(schema.scope, 'resource');
    assert.equal(schema.items?.type, 'string');
    assert.match('better-sqlite3#Database.prepare', new RegExp(schema.items?.pattern ?? ""));
    assert.doesNotMatch('no-hash-here', new RegExp(schema.items?.pattern ?? ""));
  });

  it('resolveSettings reads the manifest defaults back as DEFAULT_SETTINGS, and survives bad input', () => {
    const fromManifest = { enable: properties['loopwise.enable'].default, rules: properties['loopwise.rules'].default, blockingApis: { extra: properties['loopwise.blockingApis.extra'].default }, honourPeerSuppressions: properties['loopwise.honourPeerSuppressions'].default };
    assert.deepEqual(resolveSettings(fromManifest), DEFAULT_SETTINGS);
    assert.deepEqual(resolveSettings({ enable: 'yes', rules: 7, blockingApis: { extra: ['a#b', 3] }, honourPeerSuppressions: 'no' }), { ...DEFAULT_SETTINGS, blockingApis: { extra: ['a#b'] } });
    assert.equal(resolveSettings({ honourPeerSuppressions: false }).honourPeerSuppressions, false);
    assert.deepEqual(resolveSettings({ rules: { 'sequential-await': 'error' } }).rules, { 'sequential-await': 'error' });
  });

  it('every registered rule is a known id and has docs stating its default severity', () => {
    for (const rule of rules) {
      assert.ok((RULE_IDS as readonly string[]).includes(rule.meta.id), rule.meta.id);
      const doc = join(repoRoot, 'docs', 'rules', `${rule.meta.id}.md`);
      assert.ok(existsSync(doc), `docs/rules/${rule.meta.id}.md is missing`);
      const text = readFileSync(doc, 'utf8');
      const stated = /\*\*Default severity:\*\*\s*(\w+)/.exec(text)?.[1];
      assert.equal(stated, rule.meta.defaultSeverity, `docs/rules/${rule.meta.id}.md states default severity ${stated}`);
      assert.match(text, /loopwise\.rules/, `docs/rules/${rule.meta.id}.md should show how to set its level`);
    }
  });

  it('every loopwise.* setting the docs and README mention exists in package.json', () => {
    const files = [...docsFiles(join(repoRoot, 'docs')), join(repoRoot, 'README.md')].filter(existsSync);
    const mentioned = new Set<string>();
    for (const file of files) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bloopwise\.([a-z][\w]*(?:\.[a-z][\w]*)*)/gi)) {
        // `loopwise.config.json` is the CLI's file, `loopwise.verbNoun` a command.
        if (/^config\.json/.test(m[1]) || manifest.contributes.commands?.some((c: { command: string }) => c.command === `loopwise.${m[1]}`)) continue;
        if (/^(?:vsix|json)$/.test(m[1])) continue;
        mentioned.add(`loopwise.${m[1]}`);
      }
    }
    const unknown = [...mentioned].filter((key) => !properties[key] && !Object.keys(properties).some((p) => key.startsWith(p + '.')));
    assert.deepEqual(unknown, [], `the docs mention settings package.json does not declare: ${unknown.join(', ')}`);
  });
});
