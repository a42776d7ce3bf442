/** The types a parameter annotation names, for the hot-path readings. */
import { canonical } from '../apis';
import type { PyFunction } from '../model';
import { annotatedTypeNodes } from '../receiver-types';
import { candidates, externalName, type Sym } from '../resolve';
import { type PyNode, unparen } from '../syntax';
import type { HotPathFacts } from './facts';

/** What one annotation node names: a type expression, or a string annotation (`'web.Request'`) read as a dotted name. */
export function annotationSymbol(node: PyNode, fn: PyFunction, resolver: HotPathFacts['resolver']): Sym | undefined {
  const n = unparen(node);
  if (n.type !== 'string') return resolver.resolve(n, fn.module);
  const name = fn.module.text.slice(n.start, n.end).replace(/^[rbuf]*['"]+|['"]+$/gi, '').trim();
  if (!/^[A-Za-z_][\w.]*$/.test(name)) return undefined;
  const [first, ...rest] = name.split('.');
  let sym = resolver.resolveName(first, undefined, fn.module, undefined, 0);
  for (const part of rest) sym = resolver.member(sym, part, fn.module, 0);
  return sym;
}

/** The external names an annotation names (a string annotation resolved as written). */
export function annotatedTypes(annotation: PyNode, fn: PyFunction, facts: HotPathFacts): string[] {
  const { resolver } = facts;
  const out: string[] = [];
  for (const node of annotatedTypeNodes(annotation, fn.module, resolver)) {
    const sym = annotationSymbol(node, fn, resolver);
    if (!sym) continue;
    for (const s of candidates(sym)) {
      const e = externalName(s);
      if (e) out.push(canonical(e));
    }
  }
  return out;
}
