/** Reads `loopwise.config.json`: the same keys as the VS Code settings, nested or dotted. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { RULE_IDS, resolveSettings, type LoopwiseSettings } from '../protocol';

export class ConfigError extends Error {}

const LEVELS = new Set(['off', 'hint', 'info', 'warning', 'error']);

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
  const settings = unflatten(raw as Record<string, unknown>);
  const rules = settings.rules;
  if (rules !== undefined) {
    if (!rules || typeof rules !== 'object') throw new ConfigError(`${file}: "rules" must be an object of rule id to level`);
    for (const [id, level] of Object.entries(rules)) {
      if (!(RULE_IDS as readonly string[]).includes(id)) throw new ConfigError(`${file}: unknown rule "${id}" (known: ${RULE_IDS.join(', ')})`);
      if (typeof level !== 'string' || !LEVELS.has(level)) throw new ConfigError(`${file}: rule "${id}" has level ${JSON.stringify(level)}; use off, hint, info, warning or error`);
    }
  }
  if (settings.honourPeerSuppressions !== undefined && typeof settings.honourPeerSuppressions !== 'boolean') {
    throw new ConfigError(`${file}: "honourPeerSuppressions" must be true or false`);
  }
  return resolveSettings(settings);
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
