/**
 * Handler evidence: a callable registered with a known server registrar, a verb method of
 * a known handler base, or a function taking a known request type.
 */
import { canonical } from '../apis';
import type { PyClass, PyFunction } from '../model';
import { annotatedTypeNodes } from '../receiver-types';
import { candidates, externalName } from '../resolve';
import { child, type PyNode } from '../syntax';
import type { HotPathFacts } from './facts';
import { annotationSymbol } from './annotations';
import { registrarLabel, HANDLER_BASES, OWN_HANDLER_BASES, REQUEST_TYPES, OWN_REQUEST_TYPES } from './registrars';
import { usesOf } from './uses';

/** What kind of handler `fn` is, if it is one. */
export function handlerOf(fn: PyFunction, facts: HotPathFacts): string | undefined {
  for (const d of fn.decorators) {
    const expr = d.children.find((c) => c.type !== 'comment');
    const callee = expr && (expr.type === 'call' ? child(expr, 'function') : expr);
    const label = callee && registrarLabel(facts.resolver.resolve(callee, fn.module));
    if (label) return `registered as ${label}`;
  }
  const base = fn.cls && handlerBase(fn.cls, facts, 0);
  if (base && base.methods.includes(fn.name)) return base.label;
  const request = fn.params.map((p) => p.annotation && requestType(p.annotation, fn, facts)).find(Boolean);
  if (request) return `it takes ${request}`;
  for (const use of usesOf(fn, facts)) if (use.registrar) return `registered as ${use.registrar}`;
  return undefined;
}

function handlerBase(cls: PyClass, facts: HotPathFacts, depth: number): { label: string; methods: string[] } | undefined {
  if (depth > 8) return undefined;
  for (const b of cls.bases) {
    const s = facts.resolver.resolve(b, cls.module);
    const ext = externalName(s);
    if (ext && HANDLER_BASES[canonical(ext)]) return HANDLER_BASES[canonical(ext)];
    if (s.kind === 'class' && s.cls !== cls) {
      const own = OWN_HANDLER_BASES.get(`${s.cls.module.name.split('.')[0]}.${s.cls.name}`);
      if (own) return own;
      const up = handlerBase(s.cls, facts, depth + 1);
      if (up) return up;
    }
  }
  return undefined;
}

/** The request type an annotation names (also as a string, `request: "BaseRequest"`). */
function requestType(annotation: PyNode, fn: PyFunction, facts: HotPathFacts): string | undefined {
  const { resolver } = facts;
  const nodes = annotatedTypeNodes(annotation, fn.module, resolver);
  for (const node of nodes) {
    const sym = annotationSymbol(node, fn, resolver);
    if (!sym) continue;
    for (const s of candidates(sym)) {
      const ext = externalName(s);
      if (ext && REQUEST_TYPES.get(canonical(ext))) return REQUEST_TYPES.get(canonical(ext));
      if (s.kind === 'class') {
        const own = OWN_REQUEST_TYPES.get(`${s.cls.module.name.split('.')[0]}.${s.cls.name}`);
        if (own) return own;
      }
    }
  }
  return undefined;
}
