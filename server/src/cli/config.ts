/**
 * Reads `loopwise.config.json`: the same keys as the VS Code settings, nested or
 * dotted, checked against the one schema for them, the `contributes.configuration`
 * of Loopwise's package.json (with Ajv), so a wrong type, an unknown severity or
 * rule id, or an unknown key is a usage error that names the key and what it takes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { resolveSettings, type LoopwiseSettings } from '../protocol';

export class ConfigError extends Error {}

interface SettingSchema {
  type?: string;
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  properties?: Record<string, SettingSchema>;
  items?: SettingSchema;
}

let validators: Map<string, ValidateFunction> | undefined;

/** One validator per setting (`enable`, `rules`, `blockingApis.extra`, …), from the manifest beside this code. */
function settingValidators(): Map<string, ValidateFunction> {
  if (validators) return validators;
  const properties = manifestSettings();
  // VS Code's own keywords (scope, markdownDescription, …) are not JSON Schema's.
  const ajv = new Ajv({ strict: false, allErrors: true, verbose: true });
  validators = new Map(Object.entries(properties).map(([key, schema]) => [key.replace(/^loopwise\./, ''), ajv.compile(schema)]));
  return validators;
}

/** `contributes.configuration.properties` of the nearest package.json that is Loopwise's (dist/.., or the repo from out/). */
function manifestSettings(): Record<string, SettingSchema> {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, 'utf8'));
      const properties = manifest?.name === 'loopwise' ? manifest.contributes?.configuration?.properties : undefined;
      if (properties) return properties;
    }
    if (dirname(dir) === dir) throw new Error(`Loopwise's package.json (the settings schema) is not in or above ${__dirname}`);
  }
}

/** `{ "loopwise.rules": {…} }` → `{ rules: {…} }`; nested objects pass through. */
function unflatten(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const parts = key.replace(/^loopwise\./, '').split('.');
    let target = out;
    for (const part of parts.slice(0, -1)) {
      target[part] = (target[part] && typeof target[part] === 'object' ? target[part] : {}) as Record<string, unknown>;
      target = target[part] as Record<string, unknown>;
    }
    target[parts[parts.length - 1]] = value;
  }
  return out;
}

export function parseConfig(text: string, file: string): LoopwiseSettings {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`${file}: expected a JSON object`);
  // An editor's "$schema" pointer is not a setting.
  const settings = unflatten(Object.fromEntries(Object.entries(raw).filter(([key]) => key !== '$schema')));
  const known = settingValidators();
  for (const [key, value] of settingsIn(settings, known, file)) {
    const validate = known.get(key)!;
    if (!validate(value)) throw new ConfigError(`${file}: ${describeError(key, validate.errors![0], value)}`);
  }
  return resolveSettings(settings);
}

/** Each setting in a nested config, by its dotted key; an unknown key is an error. */
function* settingsIn(tree: Record<string, unknown>, known: Map<string, unknown>, file: string, prefix = ''): Generator<[string, unknown]> {
  for (const [part, value] of Object.entries(tree)) {
    const key = prefix + part;
    if (known.has(key)) {
      yield [key, value];
    } else if ([...known.keys()].some((k) => k.startsWith(`${key}.`)) && value && typeof value === 'object' && !Array.isArray(value)) {
      yield* settingsIn(value as Record<string, unknown>, known, file, `${key}.`);
    } else {
      throw new ConfigError(`${file}: unknown setting "${key}" (known: ${[...known.keys()].join(', ')})`);
    }
  }
}

const A_TYPE: Record<string, string> = {
  boolean: 'a boolean (true or false)', object: 'an object', array: 'an array', string: 'a string', number: 'a number', integer: 'an integer', null: 'null',
};

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' && Number.isInteger(value)) return 'an integer';
  return `a ${typeof value}`;
}

/** `"enable" is "no" (a string); expected a boolean (true or false)`, and the like for each JSON Schema keyword the manifest uses. */
function describeError(key: string, error: ErrorObject, root: unknown): string {
  const steps = error.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const at = steps.reduce((k, s) => (/^\d+$/.test(s) ? `${k}[${s}]` : `${k}.${s}`), key);
  const value = steps.reduce<unknown>((v, s) => (v as Record<string, unknown>)?.[s], root);
  const shown = `${JSON.stringify(value)} (${kindOf(value)})`;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      return `"${at}" is ${shown}; expected ${String(params.type).split(',').map((t) => A_TYPE[t] ?? t).join(' or ')}`;
    case 'enum':
      return `"${at}" is ${shown}; expected one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'additionalProperties': {
      const schema = error.parentSchema as SettingSchema | undefined;
      const allowed = Object.keys(schema?.properties ?? {});
      return `"${at}" has an unknown key "${String(params.additionalProperty)}"${allowed.length ? ` (known: ${allowed.join(', ')})` : ''}`;
    }
    case 'pattern':
      return `"${at}" is ${shown}; expected a string matching ${String(params.pattern)}`;
    case 'minimum':
      return `"${at}" is ${shown}; expected at least ${String(params.limit)}`;
    default:
      return `"${at}" ${error.message ?? 'is not valid'}`;
  }
}

/** `--config FILE`, else the nearest `loopwise.config.json` from the working directory up. */
export function loadConfig(explicit: string | undefined, cwd: string): { settings: LoopwiseSettings; file?: string } {
  if (explicit) {
    const file = resolve(cwd, explicit);
    if (!existsSync(file)) throw new ConfigError(`config file not found: ${explicit}`);
    return { settings: parseConfig(readFileSync(file, 'utf8'), explicit), file };
  }
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const file = join(dir, 'loopwise.config.json');
    if (existsSync(file)) return { settings: parseConfig(readFileSync(file, 'utf8'), file), file };
    if (dirname(dir) === dir) return { settings: resolveSettings({}) };
  }
}
