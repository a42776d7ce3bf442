/**
 * The registry of rules. The list itself, `registry.ts`, is generated from the
 * rule folders by `npm run codegen` (with `RULE_IDS`, the settings schema and the
 * README's table), so adding a rule means adding its folder and running it.
 */
import type { PyRule } from '../lang/python/rule-context';
import type { TsRule } from '../lang/ts/rule-context';
import { rules } from './registry';
import type { Rule } from './types';

export { rules };

export function findRule(id: string): Rule | undefined {
  return rules.find((r) => r.meta.id === id);
}

/** The rules with a TypeScript reading, for the TypeScript backend. */
export const typescriptRules: readonly (Rule & TsRule)[] = rules.filter((r): r is Rule & TsRule => r.checkTypeScript !== undefined);

/** The rules with a Python reading, for the Python backend. */
export const pythonRules: readonly (Rule & PyRule)[] = rules.filter((r): r is Rule & PyRule => r.checkPython !== undefined);
