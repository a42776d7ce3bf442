/**
 * The contract between the registry and a rule. A rule is a folder,
 * `rules/<id>/`: `index.ts` exports a `Rule` (its metadata and one reading per
 * language it supports), `typescript.ts` and `python.ts` hold the readings.
 */
import type { RuleMeta } from '../core/rule-meta';
import type { PyRuleContext } from '../lang/python/rule-context';
import type { TsRuleContext } from '../lang/ts/rule-context';

export interface Rule {
  meta: RuleMeta;
  checkTypeScript?(ctx: TsRuleContext): void;
  checkPython?(ctx: PyRuleContext): void;
}
